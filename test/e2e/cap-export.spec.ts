import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCapAlert } from '../../src/alerts/cap/cap-reader.js';
import type { CapMessage } from '../../src/alerts/cap/cap.types.js';
import { parseXmlDocument } from '../../src/alerts/cap/xml-tree.js';
import { startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, SQUARE_WITH_HOLE } from '../support/fixtures.js';
import { CAP_SAMPLES, capSchemaErrors, readSample, type ImportedAlertBody } from './cap-support.js';

/** What Beacon models of a CAP message, read the same way from the sample and from Beacon's export. */
function modelled(xml: string): CapMessage {
  return readCapAlert(parseXmlDocument(xml)).message;
}

describe('CAP 1.2 export: GET /api/v1/alerts/:id/cap', () => {
  let beacon: Beacon;
  let operator: string;
  let auditor: string;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_CAP_SENDER: 'alerts@beacon.example.org' });
    operator = await beacon.createOperator('Ines Importer', ['operator']);
    auditor = await beacon.createOperator('Aud Itor', ['auditor']);
  });
  afterAll(async () => {
    await beacon.close();
  });

  const exportCap = async (id: string) => {
    const response = await beacon.http.get(`/api/v1/alerts/${id}/cap`).set(beacon.auth(auditor)).expect(200);
    expect(response.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    return response.text;
  };

  it.each(CAP_SAMPLES)('round trip of %s: the export validates against CAP-v1.2.xsd and keeps every modelled field', async (name) => {
    const sample = readSample(name);
    const response = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', 'application/cap+xml').send(sample).expect(201);
    const xml = await exportCap((response.body as ImportedAlertBody).id);
    expect(await capSchemaErrors(xml)).toEqual([]);
    const before = modelled(sample);
    const after = modelled(xml);
    // Field by field, so that a failure names the field.
    for (const field of ['identifier', 'sender', 'sent', 'status', 'msgType', 'source', 'scope', 'codes', 'note', 'references'] as const) {
      expect(after[field], field).toEqual(before[field]);
    }
    expect(after.infos).toHaveLength(before.infos.length);
    before.infos.forEach((info, i) => {
      const exported = after.infos[i]!;
      for (const field of Object.keys(info) as (keyof typeof info)[]) expect(exported[field], `info[${i + 1}].${field}`).toEqual(info[field]);
      expect(Object.keys(exported).sort(), `info[${i + 1}] fields`).toEqual(Object.keys(info).sort());
    });
  });

  it('a JSON-drafted alert exports a valid CAP message: Beacon identifier and sender, one info per language, outer rings only', async () => {
    const circle = { lat: 50.5, lon: 10.5, radiusKm: 12.5 };
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody({ area: { polygons: [SQUARE_WITH_HOLE], circles: [circle] } })).expect(201);
    const alert = created.body as ImportedAlertBody;
    const xml = await exportCap(alert.id);
    expect(await capSchemaErrors(xml)).toEqual([]);
    const message = modelled(xml);
    expect(message).toMatchObject({
      identifier: `urn:beacon:alert:${alert.id}`,
      sender: 'alerts@beacon.example.org',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(Date.parse(message.sent)).toBe(Math.floor(Date.parse(alert.createdAt) / 1000) * 1000);
    expect(message.infos.map((info) => info.language)).toEqual(['en', 'es']);
    expect(message.infos[1]).toMatchObject({
      event: 'Flood', severity: 'Severe', urgency: 'Immediate', certainty: 'Likely', headline: alert.headline, description: alert.texts.es,
      areas: [{ polygons: [{ type: 'Polygon', coordinates: [SQUARE_WITH_HOLE.coordinates[0]] }], circles: [circle] }],
    });
    // The export is stable: the same document twice.
    expect(await exportCap(alert.id)).toBe(xml);
  });

  it('escapes markup in texts and still validates', async () => {
    const created = await beacon.http
      .post('/api/v1/alerts')
      .set(beacon.auth(operator))
      .send(alertBody({ headline: 'Fish & chips <closed>', texts: { en: 'A & B < C > D "quoted" ]]>' } }))
      .expect(201);
    const xml = await exportCap((created.body as ImportedAlertBody).id);
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(modelled(xml).infos[0]).toMatchObject({ headline: 'Fish & chips <closed>', description: 'A & B < C > D "quoted" ]]>' });
  });

  it('an unknown alert is a 404; the route needs a key', async () => {
    const missing = await beacon.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000/cap').set(beacon.auth(auditor));
    expect(missing.status).toBe(404);
    expect((missing.body as { error: { code: string } }).error.code).toBe('alert.not_found');
    expect((await beacon.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000/cap')).status).toBe(401);
  });
});
