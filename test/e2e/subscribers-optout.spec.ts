import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubscriberOptOutService } from '../../src/subscribers/subscriber-optout.service.js';
import type { UpdateSubscriberDto } from '../../src/subscribers/dto/create-subscriber.dto.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

interface SubscriberResponse {
  id: string;
  phone: string | null;
  status: string;
  tags: string[];
  locations: unknown[];
}

describe('STOP, START and erasure', () => {
  let beacon: Beacon;
  let db: pg.Client;
  let author: string;
  let approver: string;

  const create = async (body = subscriberBody([{ lat: 50.2, lon: 10.2 }])) =>
    (await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201)).body as SubscriberResponse;

  /** An approved alert over the fixture square; workers are off, so its deliveries stay queued. */
  const dispatchAlert = async () => {
    const alert = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alert.id);
    return alert.id;
  };

  const deliveriesOf = async (subscriberId: string) =>
    (await db.query<{ status: string; error_code: string | null; recipient: string }>(`SELECT status, error_code, recipient FROM delivery WHERE subscriber_id = $1`, [subscriberId])).rows;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    db = new pg.Client({ connectionString: beacon.db.url });
    await db.connect();
    author = await beacon.createOperator('Dana Author', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
  });
  afterAll(async () => {
    await db.end();
    await beacon.close();
  });

  it('STOP withdraws the queued deliveries of running dispatches at once, and START brings the subscriber back', async () => {
    const stopping = await create();
    const staying = await create();
    await dispatchAlert();
    expect(await deliveriesOf(stopping.id)).toEqual([expect.objectContaining({ status: 'queued' })]);

    const stopped = await beacon.http.post(`/api/v1/subscribers/${stopping.id}/stop`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(stopped.body).toEqual({ id: stopping.id, status: 'stopped', withdrawn: 1 });
    expect(await deliveriesOf(stopping.id)).toEqual([expect.objectContaining({ status: 'failed', error_code: 'opted_out' })]);
    expect(await deliveriesOf(staying.id)).toEqual([expect.objectContaining({ status: 'queued' })]);

    await dispatchAlert();
    expect(await deliveriesOf(stopping.id)).toHaveLength(1);

    const again = await beacon.http.post(`/api/v1/subscribers/${stopping.id}/stop`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(again.body).toMatchObject({ status: 'stopped', withdrawn: 0 });
    const started = await beacon.http.post(`/api/v1/subscribers/${stopping.id}/start`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(started.body).toMatchObject({ status: 'active' });
    await dispatchAlert();
    expect((await deliveriesOf(stopping.id)).map((d) => d.status).sort()).toEqual(['failed', 'queued']);

    const audit = await beacon.http.get('/api/v1/audit/events').query({ subjectId: stopping.id }).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(JSON.stringify(audit.body)).toContain('subscriber.stopped');
    expect(JSON.stringify(audit.body)).toContain('subscriber.started');
  });

  it('stopByPhone, the operation inbound replies call, stops the subscriber with that number', async () => {
    const body = subscriberBody([{ lat: 50.2, lon: 10.2 }]);
    const subscriber = await create(body);
    await dispatchAlert();
    const optOut = beacon.app.get(SubscriberOptOutService);
    expect(await optOut.stopByPhone(body.phone, 'whatsapp')).toEqual({ id: subscriber.id, status: 'stopped', withdrawn: 1 });
    expect(await optOut.stopByPhone('+15550000000', 'whatsapp')).toBeNull();
    const after = await beacon.http.get(`/api/v1/subscribers/${subscriber.id}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(after.body).toMatchObject({ status: 'stopped' });
  });

  it('erasure removes contact data and locations, pseudonymises deliveries and keeps the audit trail free of PII', async () => {
    const body = subscriberBody([{ lat: 50.2, lon: 10.2, label: 'home' }], { tags: ['needs-assistance'] });
    const subscriber = await create(body);
    await dispatchAlert();
    await beacon.http.delete(`/api/v1/subscribers/${subscriber.id}`).set(beacon.auth(ADMIN_KEY)).expect(200);

    const after = (await beacon.http.get(`/api/v1/subscribers/${subscriber.id}`).set(beacon.auth(ADMIN_KEY)).expect(200)).body as SubscriberResponse;
    expect(after).toMatchObject({ status: 'erased', phone: null, tags: [], locations: [] });
    expect(await deliveriesOf(subscriber.id)).toEqual([{ status: 'failed', error_code: 'opted_out', recipient: 'erased' }]);
    const phoneAnywhere = await db.query(`SELECT count(*)::int AS n FROM delivery WHERE recipient = $1`, [body.phone]);
    expect(phoneAnywhere.rows[0]).toEqual({ n: 0 });
    const audit = await db.query<{ data: unknown }>(`SELECT data FROM audit_event WHERE subject_id = $1`, [subscriber.id]);
    expect(audit.rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit.rows)).not.toContain(body.phone);
    await beacon.http.post(`/api/v1/subscribers/${subscriber.id}/start`).set(beacon.auth(ADMIN_KEY)).expect(409);
    const verified = await beacon.http.get('/api/v1/audit/verify').set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('PATCH changes tags, channels and locations, and refuses a phone number that is taken', async () => {
    const first = await create();
    const second = await create();
    const change: UpdateSubscriberDto = { tags: ['has-no-car'], channels: ['sms', 'whatsapp'], locations: [{ lat: 1, lon: 2, label: 'work' }, { lat: 3, lon: 4 }] };
    const updated = await beacon.http.patch(`/api/v1/subscribers/${first.id}`).set(beacon.auth(ADMIN_KEY)).send(change).expect(200);
    expect(updated.body).toMatchObject({ tags: ['has-no-car'], channels: ['sms', 'whatsapp'], locations: [{ lat: 1, lon: 2, label: 'work' }, { lat: 3, lon: 4, label: null }] });
    const taken = await beacon.http.patch(`/api/v1/subscribers/${first.id}`).set(beacon.auth(ADMIN_KEY)).send({ phone: second.phone }).expect(409);
    expect(taken.body).toMatchObject({ error: { code: 'subscriber.phone_taken' } });
    const bad = await beacon.http.patch(`/api/v1/subscribers/${first.id}`).set(beacon.auth(ADMIN_KEY)).send({ tags: ['Not OK'] }).expect(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
    const unknownRegion = await beacon.http.patch(`/api/v1/subscribers/${first.id}`).set(beacon.auth(ADMIN_KEY)).send({ regions: ['8f1c1a3e-1d2b-4c5d-9e8f-0a1b2c3d4e5f'] }).expect(400);
    expect(unknownRegion.body).toMatchObject({ error: { code: 'subscriber.unknown_region' } });
  });

  it('only an admin may stop, start, erase or change a subscriber', async () => {
    const subscriber = await create();
    await beacon.http.post(`/api/v1/subscribers/${subscriber.id}/stop`).set(beacon.auth(author)).expect(403);
    await beacon.http.delete(`/api/v1/subscribers/${subscriber.id}`).set(beacon.auth(approver)).expect(403);
    await beacon.http.patch(`/api/v1/subscribers/${subscriber.id}`).set(beacon.auth(author)).send({ tags: [] }).expect(403);
  });
});
