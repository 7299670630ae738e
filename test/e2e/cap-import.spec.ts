import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { CAP_SAMPLES, readSample, type ImportedAlertBody } from './cap-support.js';
import { approveAlert } from '../support/alerts.js';

describe('CAP 1.2 import: POST /api/v1/alerts with application/cap+xml', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  const imported = new Map<string, ImportedAlertBody>();

  const postCap = (xml: string, key = operator) =>
    beacon.http.post('/api/v1/alerts').set(beacon.auth(key)).set('Content-Type', 'application/cap+xml').send(xml);

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Ines Importer', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
  });
  afterAll(async () => {
    await beacon.close();
  });

  it.each(CAP_SAMPLES)('imports %s as a draft', async (name) => {
    const response = await postCap(readSample(name));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const alert = response.body as ImportedAlertBody;
    expect(alert.state).toBe('draft');
    expect(alert.cap.identifier.length).toBeGreaterThan(0);
    expect(alert.cap.infos?.length).toBe((readSample(name).match(/<info>/g) ?? []).length);
    expect(Object.keys(alert.texts).length).toBeGreaterThan(0);
    imported.set(name, alert);
  });

  it('keeps what the appendix A.2 thunderstorm warning carries, polygon converted from lat,lon', () => {
    const alert = imported.get('oasiscap_v1dot2_appendix_adot2.xml')!;
    expect(alert).toMatchObject({
      headline: 'SEVERE THUNDERSTORM WARNING', event: 'SEVERE THUNDERSTORM', severity: 'Severe', urgency: 'Immediate', certainty: 'Observed',
      status: 'Actual', msgType: 'Alert', scope: 'Public', expiresAt: '2003-06-17T23:00:00.000Z',
      cap: { identifier: 'KSTO1055887203', sender: 'KSTO@NWS.NOAA.GOV', sent: '2003-06-17T14:57:00-07:00' },
    });
    expect(alert.area.polygons).toEqual([
      { type: 'Polygon', coordinates: [[[-120.14, 38.47], [-119.95, 38.34], [-119.74, 38.52], [-119.89, 38.62], [-120.14, 38.47]]] },
    ]);
    expect(alert.texts.en).toMatch(/^SEVERE THUNDERSTORM WARNING\n\nAT 254 PM PDT/);
    expect(alert.texts.en).toMatch(/TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES\.$/);
  });

  it('a circle becomes the dispatch area; texts per language; the union of every info area, each once', () => {
    expect(imported.get('tannerryan_PelmorexNAADS_FreehandCircle.xml')!.area.circles).toEqual([{ lat: 43.686188, lon: -79.434665, radiusKm: 3.87 }]);
    const wind = imported.get('tannerryan_ECCC_WindAlert.xml')!;
    expect(Object.keys(wind.texts).sort()).toEqual(['en', 'fr']);
    expect(wind.area.polygons).toHaveLength(2);
    expect(wind.cap.references).toBe('cap-pac@canada.ca,urn:oid:2.49.0.1.124.1455223192.2026,2026-09-11T20:46:46-00:00');
    expect(wind.msgType).toBe('Update');
  });

  it('says what it dropped: resources, signatures', () => {
    const a1 = imported.get('oasiscap_v1dot2_appendix_adot1.xml')!;
    expect(a1.dropped).toEqual([{ path: 'alert/info[1]/resource[1]', reason: expect.stringContaining('resources') }]);
    const signed = imported.get('tannerryan_PelmorexNAADS_FreehandPolygon.xml')!;
    expect(signed.dropped).toEqual([{ path: 'alert/ds:Signature', reason: expect.stringContaining('signature') }]);
  });

  it('imports a geocode-only alert (A.4) whose geocode the areas library lacks: dropped, empty area; approving it is refused with 409 alert.no_geometry', async () => {
    // With the area in the library, it is targeted: test/e2e/cap-geocodes.spec.ts.
    const amber = imported.get('oasiscap_v1dot2_appendix_adot4.xml')!;
    expect(amber.area).toEqual({ polygons: [], circles: [] });
    expect(amber.dropped.map((note) => note.path)).toEqual(['alert/info[1]/area[1]/geocode[1]', 'alert/info[2]/area[1]/geocode[1]']);
    expect(amber.dropped[0]!.reason).toContain('SAME 006037');
    expect(amber.warnings.map((warning) => warning.path)).toEqual(['alert']);
    expect(Object.keys(amber.texts).sort()).toEqual(['en', 'es']);
    await beacon.http.post(`/api/v1/alerts/${amber.id}/submit`).set(beacon.auth(operator)).expect(200);
    const refused = await approveAlert(beacon.http, beacon.auth(approver), amber.id, 409);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string } }).error.code).toBe('alert.no_geometry');
    const after = await beacon.http.get(`/api/v1/alerts/${amber.id}`).set(beacon.auth(approver)).expect(200);
    expect((after.body as ImportedAlertBody).state).toBe('pending_approval');
  });

  it('a circle of radius 0 (A.3) is kept in the CAP form but not targeted', () => {
    const quake = imported.get('oasiscap_v1dot2_appendix_adot3.xml')!;
    expect(quake.area).toEqual({ polygons: [], circles: [] });
    expect(quake.warnings[0]).toEqual({ path: 'alert/info[1]/area[1]/circle[1]', reason: expect.stringContaining('radius 0') });
  });

  it('approving an alert whose expires has passed is refused with 409 alert.expired', async () => {
    const tornado = imported.get('tannerryan_NWS_TornadoWarning.xml')!;
    expect(tornado.expiresAt).toBe('2020-01-23T14:28:00.000Z');
    await beacon.http.post(`/api/v1/alerts/${tornado.id}/submit`).set(beacon.auth(operator)).expect(200);
    const refused = await approveAlert(beacon.http, beacon.auth(approver), tornado.id, 409);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string } }).error.code).toBe('alert.expired');
  });

  it('long texts are cut to the dispatch limit with a warning', () => {
    const tornado = imported.get('tannerryan_NWS_TornadoWarning.xml')!;
    expect(tornado.texts.en!.length).toBeLessThanOrEqual(1024);
    expect(tornado.warnings.some((warning) => warning.reason.includes('first 1024'))).toBe(true);
  });

  it('the same message twice is refused with 409 cap.duplicate', async () => {
    const response = await postCap(readSample('oasiscap_v1dot2_appendix_adot2.xml'));
    expect(response.status).toBe(409);
    expect((response.body as { error: { code: string; details: { alertId: string } } }).error).toMatchObject({
      code: 'cap.duplicate',
      details: { alertId: imported.get('oasiscap_v1dot2_appendix_adot2.xml')!.id },
    });
  });

  it('JSON drafts still go to the JSON create on the same route', async () => {
    const response = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody()).expect(201);
    const alert = response.body as ImportedAlertBody;
    expect(alert.msgType).toBe('Alert');
    expect(alert.cap.identifier).toBe(`urn:beacon:alert:${alert.id}`);
  });

  it('only operators import', async () => {
    const response = await postCap(readSample('oasiscap_v1dot2_appendix_adot1.xml'), approver);
    expect(response.status).toBe(403);
  });

  it('a partner Cancel referencing an imported alert cancels it instead of drafting', async () => {
    const original = imported.get('tannerryan_NWS_FlashFloodWarning.xml')!;
    const cancel = readSample('tannerryan_NWS_FlashFloodWarning.xml')
      .replace('<identifier>urn:oid:2.49.0.1.840.0.b58facdd7ca789cee07387522b92d4814a08ce30.001.1</identifier>', '<identifier>ffw-cancel-1</identifier>')
      .replace('<msgType>Alert</msgType>', '<msgType>Cancel</msgType>')
      .replace('<scope>Public</scope>', `<scope>Public</scope>\n    <references>w-nws.webmaster@noaa.gov,${original.cap.identifier},2026-09-12T09:39:00-04:00</references>`);
    const response = await postCap(cancel);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as { cancelled: { id: string; state: string }[] };
    expect(body.cancelled).toEqual([expect.objectContaining({ id: original.id, state: 'cancelled' })]);
  });

  it('a partner Cancel of a Beacon alert, by its urn:beacon identifier', async () => {
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody()).expect(201);
    const own = created.body as ImportedAlertBody;
    const cancel = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>partner-cancel-7</identifier><sender>partner@example.net</sender><sent>2026-11-25T10:00:00+00:00</sent>
  <status>Actual</status><msgType>Cancel</msgType><scope>Public</scope>
  <references>beacon@example.org,${own.cap.identifier},${own.cap.sent}</references>
</alert>`;
    const response = await postCap(cancel);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((response.body as { cancelled: { id: string }[] }).cancelled.map((alert) => alert.id)).toEqual([own.id]);
  });
});
