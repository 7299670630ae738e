import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';

interface OperatorBody {
  id: string;
  apiKey: string;
  keyPrefix: string;
  keyExpiresAt: string | null;
}

describe('operators: keys shown once, hashed, rotated, expiring; disabling', () => {
  let beacon: Beacon;
  let client: pg.Client;

  const create = async (name: string, extra: object = {}) =>
    (await beacon.http.post('/api/v1/operators').set(beacon.auth(ADMIN_KEY)).send({ name, roles: ['operator'], ...extra }).expect(201)).body as OperatorBody;
  const me = (key: string) => beacon.http.get('/api/v1/operators/me').set(beacon.auth(key));

  beforeAll(async () => {
    beacon = await startBeacon();
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  it('stores only a hash of the key and never lists the key again', async () => {
    const operator = await create('Rae');
    const { rows } = await client.query<{ hash: Buffer }>('SELECT api_key_hash AS hash FROM operator WHERE id = $1', [operator.id]);
    expect(rows[0]!.hash.toString('hex')).not.toContain(Buffer.from(operator.apiKey).toString('hex'));
    expect(rows[0]!.hash).toHaveLength(32);
    const list = await beacon.http.get('/api/v1/operators').set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(operator.apiKey);
    await me(operator.apiKey).expect(200);
  });

  it('rotates a key: the old one stops at once, the new one works', async () => {
    const operator = await create('Lee');
    const rotated = (await beacon.http.post(`/api/v1/operators/${operator.id}/rotate-key`).set(beacon.auth(operator.apiKey)).send({}).expect(200)).body as OperatorBody;
    expect(rotated.apiKey).not.toBe(operator.apiKey);
    await me(operator.apiKey).expect(401);
    await me(rotated.apiKey).expect(200);
  });

  it('lets only an admin rotate someone else\'s key', async () => {
    const a = await create('Ana');
    const b = await create('Bo');
    const refused = await beacon.http.post(`/api/v1/operators/${b.id}/rotate-key`).set(beacon.auth(a.apiKey)).send({}).expect(403);
    expect(refused.body).toMatchObject({ error: { code: 'operator.not_yours' } });
    await me(b.apiKey).expect(200);
    await beacon.http.post(`/api/v1/operators/${b.id}/rotate-key`).set(beacon.auth(ADMIN_KEY)).send({ keyExpiresInDays: 30 }).expect(200);
    await me(b.apiKey).expect(401);
  });

  it('refuses an expired key', async () => {
    const operator = await create('Cy', { keyExpiresInDays: 7 });
    expect(Date.parse(operator.keyExpiresAt!)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    await me(operator.apiKey).expect(200);
    await client.query(`UPDATE operator SET api_key_expires_at = now() - interval '1 second' WHERE id = $1`, [operator.id]);
    const refused = await me(operator.apiKey).expect(401);
    expect(refused.body).toMatchObject({ error: { code: 'auth.invalid_key' } });
  });

  it('disables an operator, and refuses to disable the last admin', async () => {
    const operator = await create('Dee');
    await beacon.http.post(`/api/v1/operators/${operator.id}/disable`).set(beacon.auth(ADMIN_KEY)).expect(200);
    await me(operator.apiKey).expect(401);
    const admin = ((await me(ADMIN_KEY).expect(200)).body as { id: string }).id;
    const last = await beacon.http.post(`/api/v1/operators/${admin}/disable`).set(beacon.auth(ADMIN_KEY)).expect(409);
    expect(last.body).toMatchObject({ error: { code: 'operator.last_admin' } });
    const events = await client.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [operator.id]);
    expect(events.rows.map((row: { action: string }) => row.action)).toEqual(['operator.created', 'operator.disabled']);
  });
});
