import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSubscriberDto, UpdateSubscriberDto } from '../../src/subscribers/dto/create-subscriber.dto.js';
import type { StartOptinDto } from '../../src/subscribers/dto/optin.dto.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';

interface SubscriberBody {
  id: string;
  phone: string | null;
  email: string | null;
  channels: string[];
}

const consent = { source: 'web-form', at: '2026-11-01T09:00:00Z' };
const located = { language: 'en', locations: [{ lat: 50.5, lon: 10.5 }], consent };

describe('subscribers reached by email', () => {
  let beacon: Beacon;
  let db: pg.Client;
  const create = (body: CreateSubscriberDto) => beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body);
  const update = (id: string, body: UpdateSubscriberDto) => beacon.http.patch(`/api/v1/subscribers/${id}`).set(beacon.auth(ADMIN_KEY)).send(body);

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    db = new pg.Client({ connectionString: beacon.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await beacon.close();
  });

  it('takes an email alone, or with a phone, and stores its domain in lower case (the local part as given)', async () => {
    const alone = (await create({ ...located, email: 'Maria.Lopez@Correo.EXAMPLE', channels: ['email'] }).expect(201)).body as SubscriberBody;
    expect(alone).toMatchObject({ phone: null, email: 'Maria.Lopez@correo.example', channels: ['email'] });
    const both = (await create({ ...located, phone: '+447700900201', email: 'both@example.org', channels: ['whatsapp', 'email'] }).expect(201)).body as SubscriberBody;
    expect(both).toMatchObject({ phone: '+447700900201', email: 'both@example.org' });
    expect((await beacon.http.get(`/api/v1/subscribers/${alone.id}`).set(beacon.auth(ADMIN_KEY)).expect(200)).body).toMatchObject({ email: 'Maria.Lopez@correo.example' });
  });

  it('refuses a subscriber with neither phone nor email, and an address that is not one', async () => {
    const none = await create({ ...located, channels: ['email'] }).expect(400);
    expect(none.body).toMatchObject({ error: { code: 'subscriber.no_contact' } });
    for (const email of ['not-an-address', 'a@b', 'two@example.org, three@example.org', 'x@example.org\r\nBcc: y@example.org']) {
      const bad = await create({ ...located, email, channels: ['email'] }).expect(400);
      expect(bad.body).toMatchObject({ error: { code: 'validation_failed', details: { fields: [{ field: 'email' }] } } });
    }
  });

  it('an email already registered is a 409, on creation and on change (domain case does not matter)', async () => {
    const taken = await create({ ...located, email: 'Maria.Lopez@CORREO.example', channels: ['email'] }).expect(409);
    expect(taken.body).toMatchObject({ error: { code: 'subscriber.email_taken' } });
    const other = (await create({ ...located, email: 'other@example.org', channels: ['email'] }).expect(201)).body as SubscriberBody;
    expect((await update(other.id, { email: 'both@EXAMPLE.org' }).expect(409)).body).toMatchObject({ error: { code: 'subscriber.email_taken' } });
    expect((await update(other.id, { email: 'Renamed@Example.Org' }).expect(200)).body).toMatchObject({ email: 'Renamed@example.org' });
    expect((await update(other.id, { phone: '+447700900201' }).expect(409)).body).toMatchObject({ error: { code: 'subscriber.phone_taken' } });
  });

  it('erasure removes the email', async () => {
    const person = (await create({ ...located, email: 'forget.me@example.org', channels: ['email'] }).expect(201)).body as SubscriberBody;
    await beacon.http.delete(`/api/v1/subscribers/${person.id}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    const row = await db.query<{ email: string | null; status: string }>(`SELECT email, status FROM subscriber WHERE id = $1`, [person.id]);
    expect(row.rows[0]).toEqual({ email: null, status: 'erased' });
    expect((await beacon.http.get(`/api/v1/subscribers/${person.id}`).set(beacon.auth(ADMIN_KEY)).expect(200)).body).toMatchObject({ email: null, phone: null });
    // The address is free again for someone else.
    await create({ ...located, email: 'forget.me@example.org', channels: ['email'] }).expect(201);
  });

  it('the self-service opt-in verifies a phone: it takes no email', async () => {
    const request = { phone: '+447700900299', language: 'en', channels: ['whatsapp'], locations: [{ lat: 50.5, lon: 10.5 }], wordingVersion: '2026-11' } satisfies StartOptinDto;
    const refused = await beacon.http.post('/api/v1/optin').send({ ...request, email: 'someone@example.org' }).expect(400);
    expect(refused.body).toMatchObject({ error: { code: 'unknown_field' } });
    const withoutPhone: Partial<StartOptinDto> = { ...request };
    delete withoutPhone.phone;
    await beacon.http.post('/api/v1/optin').send(withoutPhone).expect(400);
  });

  it('imports an email column (CSV) and field (NDJSON); each row needs a phone or an email', async () => {
    const csv = [
      'phone,email,language,channels,lat,lon,consent_source,consent_at',
      ',Only.Email@Import.EXAMPLE,en,email,50.1,8.6,paper-form,2026-10-01T10:00:00Z',
      '+491600000001,both@import.example,de,whatsapp|email,50.2,8.7,paper-form,2026-10-01T10:00:00Z',
      ',,en,email,50.1,8.6,paper-form,2026-10-01T10:00:00Z',
      ',not-an-email,en,email,50.1,8.6,paper-form,2026-10-01T10:00:00Z',
      '+491600000002,Maria.Lopez@correo.example,en,email,50.1,8.6,paper-form,2026-10-01T10:00:00Z',
      ',Only.Email@import.EXAMPLE,es,email|sms,50.3,8.8,paper-form,2026-10-01T10:00:00Z',
    ].join('\n');
    const result = (await beacon.http.post('/api/v1/subscribers/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'text/csv').send(csv).expect(200)).body as {
      imported: number;
      duplicates: number;
      errors: { line: number; reason: string }[];
    };
    expect(result.imported).toBe(2);
    expect(result.duplicates).toBe(1);
    expect(result.errors).toEqual([
      { line: 4, reason: 'give a phone or an email' },
      { line: 5, reason: 'email must be an email address such as ana@example.org' },
      { line: 6, reason: 'email belongs to another subscriber' },
    ]);
    const rows = await db.query<{ phone: string | null; email: string; channels: string[] }>(
      `SELECT phone, email, channels FROM subscriber WHERE email LIKE '%@import.example' ORDER BY phone NULLS LAST`,
    );
    expect(rows.rows).toEqual([
      { phone: '+491600000001', email: 'both@import.example', channels: ['whatsapp', 'email'] },
      { phone: null, email: 'Only.Email@import.example', channels: ['email'] },
    ]);

    const ndjson = [
      JSON.stringify({ email: 'Only.Email@IMPORT.example', language: 'pt', channels: ['email'], locations: [{ lat: 1, lon: 2 }], consent }),
      JSON.stringify({ email: 'json.only@import.example', language: 'fr', channels: ['email'], locations: [{ lat: 1, lon: 2 }], consent }),
    ].join('\n');
    const second = (await beacon.http.post('/api/v1/subscribers/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/x-ndjson').send(ndjson).expect(200)).body as {
      imported: number;
      duplicates: number;
    };
    expect(second).toMatchObject({ imported: 1, duplicates: 1, errors: [] });
    const updated = await db.query<{ language: string }>(`SELECT language FROM subscriber WHERE email = 'Only.Email@import.example'`);
    expect(updated.rows).toEqual([{ language: 'pt' }]);
  });
});
