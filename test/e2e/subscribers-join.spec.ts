import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { subscriberBody } from '../support/fixtures.js';
import { SHARED_DATA } from '../support/shared-data.js';

interface SimMessage {
  type: string;
  to: string;
  text: string;
}

interface SubscriberRow {
  id: string;
  status: string;
  channels: string[];
  language: string;
  consent_source: string;
  consent_wording: string | null;
  region_names: string[];
}

/** `JOIN <area>` over WHATSAPP, through the simulator's inbound message path (a signed webhook to Beacon). */
describe('JOIN by message', () => {
  let beacon: Beacon;

  async function say(from: string, text: string): Promise<void> {
    const response = await beacon.http.post('/simulator/whatsapp/inbound').send({ from, text }).expect(200);
    expect((response.body as { accepted: boolean }).accepted).toBe(true);
  }

  async function replies(phone: string, count: number): Promise<string[]> {
    return eventually(async () => {
      const messages = ((await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimMessage[] }).messages;
      const texts = messages.filter((m) => m.type === 'text' && m.to === phone.slice(1)).map((m) => m.text);
      return texts.length >= count ? texts : undefined;
    }, 15_000, `${count} replies to ${phone}`);
  }

  async function subscriber(phone: string): Promise<SubscriberRow | undefined> {
    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    try {
      const { rows } = await client.query<SubscriberRow>(
        `SELECT s.id, s.status, s.channels, s.language, s.consent_source, s.consent_wording,
                ARRAY(SELECT a.name FROM area a WHERE a.id = ANY(s.regions) ORDER BY a.name) AS region_names
         FROM subscriber s WHERE s.phone = $1`,
        [phone],
      );
      return rows[0];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    beacon = await startBeacon();
    const states = await readFile(join(SHARED_DATA, 'areas', 'isellsoap_2_bundeslaender_3_mittel.geo.json'));
    await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(states.toString('utf8')).expect(200);
  });
  afterAll(() => beacon.close());

  it('subscribes a number Beacon does not know, by area name written without accents or capitals', async () => {
    await say('+4917000000001', 'join baden-wurttemberg');
    expect(await replies('+4917000000001', 1)).toEqual(['You now receive alerts for Baden-Württemberg.']);
    expect(await subscriber('+4917000000001')).toMatchObject({
      status: 'active',
      channels: ['whatsapp'],
      language: 'en',
      consent_source: 'whatsapp-join',
      consent_wording: 'join-message-2026-11',
      region_names: ['Baden-Württemberg'],
    });

    // The new follower is in the audience of an alert over the state at once.
    const operator = await beacon.createOperator('Ola Operator', ['operator']);
    const preview = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { circles: [{ lat: 48.5, lon: 9.0, radiusKm: 5 }] } }).expect(200);
    expect(preview.body).toMatchObject({ total: 1, byChannel: { whatsapp: 1 }, byRegion: [{ name: 'Baden-Württemberg', count: 1 }] });
  });

  it('answers an unknown area, and subscribes nobody', async () => {
    await say('+4917000000002', 'JOIN Atlantis');
    expect(await replies('+4917000000002', 1)).toEqual(['We do not know an area called "Atlantis".']);
    expect(await subscriber('+4917000000002')).toBeUndefined();
  });

  it('a subscriber who sent STOP is active again after JOIN (by geocode), under a new consent', async () => {
    const body = subscriberBody([{ lat: 52.5, lon: 13.4 }], { language: 'es' });
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    await say(body.phone, 'PARAR');
    await replies(body.phone, 1);
    expect((await subscriber(body.phone))!.status).toBe('stopped');

    await say(body.phone, 'UNIRSE DE-BY');
    expect((await replies(body.phone, 2))[1]).toBe('Ahora recibe alertas para Bayern.');
    expect(await subscriber(body.phone)).toMatchObject({ status: 'active', consent_source: 'whatsapp-join', region_names: ['Bayern'], language: 'es' });
    const audit = (await beacon.http.get('/api/v1/audit/events').query({ action: 'subscriber.resubscribed' }).set(beacon.auth(ADMIN_KEY)).expect(200)).body as { events: { subjectId: string }[] };
    expect(audit.events.map((e) => e.subjectId)).toContain((await subscriber(body.phone))!.id);

    // Joining the same area again changes nothing and is still acknowledged.
    await say(body.phone, 'unirse bayern');
    expect((await replies(body.phone, 3))[2]).toBe('Ahora recibe alertas para Bayern.');
    expect((await subscriber(body.phone))!.region_names).toEqual(['Bayern']);
  });
});
