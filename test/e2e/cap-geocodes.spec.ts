import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { subscriberBody } from '../support/fixtures.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { capSchemaErrors, readSample, type ImportedAlertBody } from './cap-support.js';

interface GeocodedAlert extends Omit<ImportedAlertBody, 'area'> {
  area: { polygons: unknown[]; circles: unknown[]; geocodes?: { valueName: string; value: string }[] };
  progress: { targeted: number };
}

interface SimulatedMessage {
  to: string;
  text: string;
  language: string;
}

/** Los Angeles County, roughly (its mainland part), with the SAME / FIPS code appendix A.4 names it by. */
const LOS_ANGELES_COUNTY = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Los Angeles County', kind: 'County', geocodes: [{ valueName: 'SAME', value: '006037' }] },
      geometry: { type: 'Polygon', coordinates: [[[-118.95, 33.7], [-117.65, 33.7], [-117.65, 34.82], [-118.95, 34.82], [-118.95, 33.7]]] },
    },
  ],
};

/** A CAP alert whose only area is named by geocodes (lat/lon free), as many national systems send them. */
function geocodeOnlyCap(identifier: string, geocodes: [string, string][]): string {
  const codes = geocodes.map(([name, value]) => `<geocode><valueName>${name}</valueName><value>${value}</value></geocode>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>warn@bbk.example.de</sender><sent>2026-11-25T10:00:00+01:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <language>de-DE</language><category>Met</category><event>Sturmflut</event>
    <urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <headline>Sturmflutwarnung</headline><description>Schwere Sturmflut an der Weser erwartet.</description>
    <area><areaDesc>Bremen und Umgebung</areaDesc>${codes}</area>
  </info>
</alert>`;
}

describe('CAP import: areas named only by geocodes are resolved through the areas library', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  const phones: Record<string, string> = {};

  const postCap = (xml: string) => beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', 'application/cap+xml').send(xml);
  const addSubscriber = async (name: string, lat: number, lon: number, language = 'en') => {
    const body = subscriberBody([{ lat, lon }], { language });
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    phones[name] = body.phone.slice(1);
  };
  const messagesTo = async (names: string[]) => {
    const wanted = names.map((name) => phones[name]);
    const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
    return messages.filter((message) => wanted.includes(message.to));
  };

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Gina Geo', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    const states = await readFile(join(SHARED_DATA, 'areas', 'isellsoap_2_bundeslaender_3_mittel.geo.json'), 'utf8');
    await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(states).expect(200);
    await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).send(LOS_ANGELES_COUNTY).expect(200);
    await addSubscriber('bremen', 53.08, 8.8, 'de');
    await addSubscriber('munich', 48.14, 11.58, 'de');
    await addSubscriber('losAngeles', 34.05, -118.24, 'en');
    await addSubscriber('losAngelesSpanish', 34.1, -118.3, 'es');
    await addSubscriber('sanDiego', 32.72, -117.16, 'en');
  });
  afterAll(() => beacon.close());

  it('the AMBER alert of appendix A.4 (SAME 006037, no polygon) reaches Los Angeles County once the area is in the library', async () => {
    const response = await postCap(readSample('oasiscap_v1dot2_appendix_adot4.xml'));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const amber = response.body as GeocodedAlert;
    // Both infos name the county: it is targeted once.
    expect(amber.area).toEqual({ polygons: [], circles: [], geocodes: [{ valueName: 'SAME', value: '006037' }] });
    expect(amber.dropped).toEqual([]);
    expect(amber.warnings).toEqual([]);
    // The CAP form is unchanged: the geocode stays in each info.
    const xml = (await beacon.http.get(`/api/v1/alerts/${amber.id}/cap`).set(beacon.auth(operator)).expect(200)).text;
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(xml.match(/<value>006037<\/value>/g)).toHaveLength(2);

    await beacon.http.post(`/api/v1/alerts/${amber.id}/submit`).set(beacon.auth(operator)).expect(200);
    const approved = (await approveAlert(beacon.http, beacon.auth(approver), amber.id)).body as GeocodedAlert;
    expect(approved.progress.targeted).toBe(2);
    const received = await eventually(async () => {
      const messages = await messagesTo(['losAngeles', 'losAngelesSpanish', 'sanDiego']);
      return messages.length === 2 ? messages : undefined;
    }, 20_000, 'the two Los Angeles messages');
    expect(received.map((message) => message.to).sort()).toEqual([phones.losAngeles, phones.losAngelesSpanish].sort());
    expect(received.find((message) => message.to === phones.losAngelesSpanish)!.text).toMatch(/^Alerta Amber en el condado de Los Ángeles/);
  });

  it('known geocodes (ISO 3166-2 from the shared German states) are targeted; unknown ones are listed as dropped', async () => {
    const response = await postCap(geocodeOnlyCap('storm-surge-1', [['ISO3166-2', 'DE-HB'], ['NUTS', 'DE999']]));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const alert = response.body as GeocodedAlert;
    expect(alert.area.geocodes).toEqual([{ valueName: 'ISO3166-2', value: 'DE-HB' }]);
    expect(alert.dropped).toEqual([{ path: 'alert/info[1]/area[1]/geocode[2]', reason: expect.stringContaining('NUTS DE999') }]);
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    const approved = (await approveAlert(beacon.http, beacon.auth(approver), alert.id)).body as GeocodedAlert;
    expect(approved.progress.targeted).toBe(1);
    const received = await eventually(async () => {
      const messages = await messagesTo(['bremen', 'munich']);
      return messages.length === 1 ? messages : undefined;
    }, 20_000, 'the Bremen message');
    expect(received[0]!.to).toBe(phones.bremen);
  });

  it('when no geocode is known nothing is targeted: the draft says why, and approving it is refused with 409 alert.no_geometry', async () => {
    const response = await postCap(geocodeOnlyCap('storm-surge-2', [['NUTS', 'DE999'], ['AGS', '99999']]));
    expect(response.status).toBe(201);
    const alert = response.body as GeocodedAlert;
    expect(alert.area).toEqual({ polygons: [], circles: [] });
    expect(alert.dropped.map((note) => note.path)).toEqual(['alert/info[1]/area[1]/geocode[1]', 'alert/info[1]/area[1]/geocode[2]']);
    expect(alert.warnings).toEqual([{ path: 'alert', reason: expect.stringContaining('alert.no_geometry') }]);
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    const refused = await approveAlert(beacon.http, beacon.auth(approver), alert.id, 409);
    expect((refused.body as { error: { code: string } }).error.code).toBe('alert.no_geometry');
  });

  it('an area with a polygon keeps its polygon: its geocodes are not used, even when known', async () => {
    // Appendix A.2: a polygon plus SAME 006109, 006009, 006003; the library knows none, and none is needed.
    const response = await postCap(readSample('oasiscap_v1dot2_appendix_adot2.xml'));
    const alert = response.body as GeocodedAlert;
    expect(alert.area.geocodes).toBeUndefined();
    expect(alert.area.polygons).toHaveLength(1);
    expect(alert.dropped).toEqual([]);
  });
});
