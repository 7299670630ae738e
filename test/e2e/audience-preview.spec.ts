import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudiencePreviewDto } from '../../src/audience/dto/preview.dto.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { SQUARE_WITH_HOLE, subscriberBody } from '../support/fixtures.js';

describe('audience preview', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  let auditor: string;

  const preview = async (body: AudiencePreviewDto, key = operator) =>
    (await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(key)).send(body).expect(200)).body as unknown;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false', SMS_ENABLED: 'false' });
    operator = await beacon.createOperator('Dana Operator', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    auditor = await beacon.createOperator('Alex Auditor', ['auditor']);
    const people = [
      subscriberBody([{ lat: 50.2, lon: 10.2 }, { lat: 50.3, lon: 10.3 }], { tags: ['needs-assistance'] }),
      subscriberBody([{ lat: 50.9, lon: 10.9 }], { language: 'es', channels: ['sms', 'whatsapp'] }),
      subscriberBody([{ lat: 50.1, lon: 10.8 }], { language: 'es', channels: ['sms'] }),
      subscriberBody([{ lat: 50.5, lon: 10.5 }]),
      subscriberBody([{ lat: 52, lon: 12 }]),
      subscriberBody([{ lat: 50.7, lon: 10.7 }], { tags: ['has-no-car', 'needs-assistance'] }),
    ];
    for (const body of people) await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    const stopped = await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 50.2, lon: 10.25 }])).expect(201);
    await beacon.http.post(`/api/v1/subscribers/${(stopped.body as { id: string }).id}/stop`).set(beacon.auth(ADMIN_KEY)).expect(200);
  });
  afterAll(() => beacon.close());

  it('counts each reachable person once, on their preferred available channel, by channel and language', async () => {
    // Inside: the two-location person (once), the Spanish whatsapp-second person, the tagged person.
    // Not counted: the sms-only person (no sms adapter), the one in the hole, the one outside, the stopped one.
    expect(await preview({ area: { polygons: [SQUARE_WITH_HOLE] } })).toEqual({
      total: 3,
      byChannel: { whatsapp: 3 },
      byLanguage: { en: 2, es: 1 },
      byRegion: [],
    });
  });

  it('applies filters on languages, tags and channels', async () => {
    const area = { polygons: [SQUARE_WITH_HOLE] };
    expect(await preview({ area, filters: { languages: ['es'] } })).toMatchObject({ total: 1, byLanguage: { es: 1 } });
    expect(await preview({ area, filters: { tags: ['needs-assistance'] } })).toMatchObject({ total: 2 });
    expect(await preview({ area, filters: { tags: ['has-no-car'] } })).toMatchObject({ total: 1 });
    expect(await preview({ area, filters: { channels: ['sms'] } })).toMatchObject({ total: 0, byChannel: {} });
  });

  it('names the fault of a bad area or filter, and is for operators and approvers only', async () => {
    const open = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator))
      .send({ area: { polygons: [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }] } }).expect(400);
    expect(open.body).toMatchObject({ error: { code: 'area.ring_not_closed' } });
    const empty = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: {} }).expect(400);
    expect(empty.body).toMatchObject({ error: { code: 'area.empty' } });
    const unknown = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { circles: [] }, filters: { colour: ['red'] } }).expect(400);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_field' } });
    await preview({ area: { circles: [{ lat: 50.5, lon: 10.5, radiusKm: 5 }] } }, approver);
    await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(auditor)).send({ area: { polygons: [SQUARE_WITH_HOLE] } }).expect(403);
  });
});
