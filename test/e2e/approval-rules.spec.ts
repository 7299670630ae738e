import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApproveAlertDto } from '../../src/alerts/dto/approve-alert.dto.js';
import type { UpdateAlertDto } from '../../src/alerts/dto/update-alert.dto.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { approveAlert } from '../support/alerts.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';

interface AlertBody {
  id: string;
  state: string;
  status: string;
  contentHash: string;
  approvals: { approverId: string; approvedAt: string; contentHash: string }[];
  approvalsRequired: number | null;
  filters: unknown;
  progress: { targeted: number; queued: number; sent: number };
}

interface EventBody {
  actor: string;
  action: string;
  data: Record<string, unknown>;
}

interface SimulatedMessage {
  to: string;
  text: string;
  language: string;
}

/** Inside the fixture square (lon 10..11, lat 50..51), off its hole. */
const INSIDE = { lat: 50.2, lon: 10.2 };

describe('approval rules: content hash, two approvals above a threshold, live versus exercise', () => {
  let beacon: Beacon;
  let client: pg.Client;
  let author: string;
  let otherOperator: string;
  let approver1: string;
  let approver2: string;
  let auditor: string;
  const ids: Record<string, string> = {};
  const phones: Record<string, string> = {};

  const me = async (key: string) => ((await beacon.http.get('/api/v1/operators/me').set(beacon.auth(key)).expect(200)).body as { id: string }).id;
  const read = async (id: string) => (await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(auditor)).expect(200)).body as AlertBody;
  const approve = (id: string, key: string, body: Partial<ApproveAlertDto>) => beacon.http.post(`/api/v1/alerts/${id}/approve`).set(beacon.auth(key)).send(body);
  const events = async (id: string) =>
    ((await beacon.http.get('/api/v1/audit/events').query({ subjectId: id, limit: 100 }).set(beacon.auth(auditor)).expect(200)).body as { events: EventBody[] }).events.reverse();
  async function draftAndSubmit(overrides: Parameters<typeof alertBody>[0] = {}): Promise<string> {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody(overrides)).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    return id;
  }

  beforeAll(async () => {
    // Any audience of two or more people needs two approvals.
    beacon = await startBeacon({ BEACON_TWO_APPROVALS_ABOVE: '1' });
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    author = await beacon.createOperator('Dana Author', ['operator']);
    otherOperator = await beacon.createOperator('Olu Operator', ['operator']);
    approver1 = await beacon.createOperator('Sam Approver', ['approver']);
    approver2 = await beacon.createOperator('Ria Approver', ['approver']);
    auditor = await beacon.createOperator('Alex Auditor', ['auditor']);
    for (const [name, key] of Object.entries({ author, approver1, approver2 })) ids[name] = await me(key);
    const people = {
      live: subscriberBody([INSIDE]),
      liveSpanish: subscriberBody([INSIDE], { language: 'es' }),
      tester: subscriberBody([INSIDE], { tags: ['test-recipient'] }),
      testerArabic: subscriberBody([INSIDE], { language: 'ar', tags: ['test-recipient', 'river'] }),
      testerOutside: subscriberBody([{ lat: 52, lon: 12 }], { tags: ['test-recipient'] }),
    };
    for (const [name, body] of Object.entries(people)) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
      phones[name] = body.phone.slice(1);
    }
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  it('refuses an approval of a stale content hash with 409 alert.content_changed, and dispatches nothing', async () => {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ filters: { languages: ['es'] } })).expect(201)).body as { id: string };
    const reviewed = await read(id);
    expect(reviewed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await read(id)).contentHash).toBe(reviewed.contentHash);
    expect(reviewed.filters).toEqual({ languages: ['es'] });

    const edit: UpdateAlertDto = { texts: { en: 'Flood warning: leave now.', es: 'Alerta de inundación: salga ahora.' } };
    await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send(edit).expect(200);
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    const stale = await approve(id, approver1, { contentHash: reviewed.contentHash, confirmStatus: 'Actual' }).expect(409);
    expect(stale.body).toMatchObject({ error: { code: 'alert.content_changed' } });

    const after = await read(id);
    expect(after).toMatchObject({ state: 'pending_approval', approvals: [], progress: { targeted: 0 } });
    expect(after.contentHash).not.toBe(reviewed.contentHash);
    const runs = await client.query(`SELECT dispatch_run_id FROM alert WHERE id = $1`, [id]);
    expect(runs.rows[0]).toEqual({ dispatch_run_id: null });
    expect((await events(id)).map((event) => event.action)).not.toContain('alert.approved');

    // The current hash approves it: one Spanish speaker, so one approval is enough.
    const approved = (await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody;
    expect(approved).toMatchObject({ state: 'dispatching', approvalsRequired: 1, progress: { targeted: 1 } });
    expect(approved.approvals).toEqual([{ approverId: ids.approver1, approvedAt: expect.any(String), contentHash: after.contentHash }]);
    const approvedEvent = (await events(id)).find((event) => event.action === 'alert.approved')!;
    expect(approvedEvent.data).toMatchObject({ contentHash: after.contentHash, confirmStatus: 'Actual', approvers: [ids.approver1], audience: 1 });
  });

  it('needs two approvals above the threshold: the first leaves it pending, the same approver twice is refused, a second one dispatches', async () => {
    const id = await draftAndSubmit({ texts: { en: 'Two approvals needed.' } });
    const first = (await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody;
    expect(first).toMatchObject({ state: 'pending_approval', approvalsRequired: 2, progress: { targeted: 0 } });
    expect(first.approvals).toEqual([{ approverId: ids.approver1, approvedAt: expect.any(String), contentHash: first.contentHash }]);

    const again = await approveAlert(beacon.http, beacon.auth(approver1), id, 409);
    expect(again.body).toMatchObject({ error: { code: 'alert.already_approved' } });

    const second = (await approveAlert(beacon.http, beacon.auth(approver2), id)).body as AlertBody;
    // Two people, inside the area, untagged and tagged alike: an Actual alert reaches everyone.
    expect(second).toMatchObject({ state: 'dispatching', approvalsRequired: 2, progress: { targeted: 4 } });
    expect(second.approvals.map((entry) => entry.approverId)).toEqual([ids.approver1, ids.approver2]);
    const rows = await client.query(`SELECT approver_id, content_hash FROM alert_approval WHERE alert_id = $1 ORDER BY approved_at`, [id]);
    expect(rows.rows).toEqual([
      { approver_id: ids.approver1, content_hash: first.contentHash },
      { approver_id: ids.approver2, content_hash: first.contentHash },
    ]);

    const trail = await events(id);
    expect(trail.map((event) => event.action)).toEqual(['alert.created', 'alert.submitted', 'alert.approval_recorded', 'alert.approved', 'alert.dispatch_started']);
    expect(trail[2]).toMatchObject({ actor: ids.approver1, data: { contentHash: first.contentHash, approvals: 1, approvalsRequired: 2, audience: 4 } });
    expect(trail[3]).toMatchObject({ actor: ids.approver2, data: { approvers: [ids.approver1, ids.approver2] } });
  });

  it('an edit after the first approval sends the alert back to draft and voids the approval; only the author edits', async () => {
    const id = await draftAndSubmit({ texts: { en: 'Edited after approval.' } });
    const first = (await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody;
    expect(first.approvals).toHaveLength(1);

    const notAuthor = await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(otherOperator)).send({ headline: 'Hijacked' }).expect(403);
    expect(notAuthor.body).toMatchObject({ error: { code: 'alert.not_author' } });
    await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send({}).expect(400);
    await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send({ headline: null }).expect(400);

    const edited = (await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send({ headline: 'Flood warning (corrected)', severity: 'Extreme' }).expect(200)).body as AlertBody;
    expect(edited).toMatchObject({ state: 'draft', approvals: [], approvalsRequired: null });
    expect(edited.contentHash).not.toBe(first.contentHash);
    const rows = await client.query(`SELECT count(*)::int AS n FROM alert_approval WHERE alert_id = $1`, [id]);
    expect(rows.rows[0]).toEqual({ n: 0 });

    const trail = await events(id);
    const voided = trail.find((event) => event.action === 'alert.approvals_voided')!;
    expect(voided).toMatchObject({ actor: ids.author, data: { reason: 'edited', approvals: [{ approverId: ids.approver1, contentHash: first.contentHash }] } });
    expect(trail.find((event) => event.action === 'alert.edited')).toMatchObject({
      data: { from: 'pending_approval', to: 'draft', fields: ['headline', 'severity'], contentHashBefore: first.contentHash, contentHash: edited.contentHash, approvalsVoided: 1 },
    });

    // Submitted again, it needs two fresh approvals: the voided one no longer counts.
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    expect(((await approveAlert(beacon.http, beacon.auth(approver2), id)).body as AlertBody).state).toBe('pending_approval');
    expect(((await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody).state).toBe('dispatching');
  });

  it('an Actual alert is typed as Actual twice: without confirmStatus, or with another status, approval is 400 alert.status_not_confirmed', async () => {
    const id = await draftAndSubmit({ texts: { en: 'Live, confirm it.' } });
    const { contentHash } = await read(id);
    const missing = await approve(id, approver1, { contentHash }).expect(400);
    expect(missing.body).toMatchObject({ error: { code: 'alert.status_not_confirmed' } });
    const wrong = await approve(id, approver1, { contentHash, confirmStatus: 'Exercise' }).expect(400);
    expect(wrong.body).toMatchObject({ error: { code: 'alert.status_not_confirmed' } });
    await approve(id, approver1, { confirmStatus: 'Actual' }).expect(400);
    expect(await read(id)).toMatchObject({ state: 'pending_approval', approvals: [] });
    expect((await events(id)).map((event) => event.action)).toEqual(['alert.created', 'alert.submitted']);
  });

  it('an Exercise alert cannot become Actual (409 alert.status_immutable), and an Exercise approval confirms Exercise', async () => {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ status: 'Exercise' })).expect(201)).body as { id: string };
    const refused = await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send({ status: 'Actual' }).expect(409);
    expect(refused.body).toMatchObject({ error: { code: 'alert.status_immutable' } });
    expect((await read(id)).status).toBe('Exercise');
    await beacon.http.patch(`/api/v1/alerts/${id}`).set(beacon.auth(author)).send({ status: 'Test' }).expect(200);
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    const { contentHash } = await read(id);
    expect((await approve(id, approver1, { contentHash, confirmStatus: 'Actual' }).expect(400)).body).toMatchObject({ error: { code: 'alert.status_not_confirmed' } });
  });

  it('an Exercise alert reaches only test recipients inside the area, every message behind its marker', async () => {
    const texts = { en: 'Drill: flood at the river.', es: 'Simulacro: inundación en el río.', ar: 'تمرين: فيضان عند النهر.' };
    const id = await draftAndSubmit({ status: 'Exercise', texts });
    ids.exercise = id;
    expect(((await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody).state).toBe('pending_approval');
    const approved = (await approveAlert(beacon.http, beacon.auth(approver2), id)).body as AlertBody;
    expect(approved.progress.targeted).toBe(2);

    const received = await eventually(async () => {
      const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
      const ours = messages.filter((message) => Object.values(texts).some((text) => message.text.endsWith(text)));
      return ours.length === 2 ? ours : undefined;
    }, 20_000, 'the exercise messages');
    expect(received.map((message) => message.to).sort()).toEqual([phones.tester, phones.testerArabic].sort());
    const byPhone = new Map(received.map((message) => [message.to, message.text]));
    expect(byPhone.get(phones.tester!)).toBe(`EXERCISE - EXERCISE - EXERCISE\n${texts.en}`);
    expect(byPhone.get(phones.testerArabic!)).toBe(`تمرين - تمرين - تمرين\n${texts.ar}`);
  });

  it('a partner\'s CAP Update cannot turn a sent exercise into an Actual alert (409 alert.status_immutable); nothing is stored', async () => {
    const original = (await beacon.http.get(`/api/v1/alerts/${ids.exercise!}/cap`).set(beacon.auth(auditor)).expect(200)).text;
    const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(original)![1]!;
    const reference = `${field('sender')},${field('identifier')},${field('sent')}`;
    const update = original
      .replace(/<identifier>[^<]*<\/identifier>/, '<identifier>partner-update-1</identifier>')
      .replace('<status>Exercise</status>', '<status>Actual</status>')
      .replace('<msgType>Alert</msgType>', `<msgType>Update</msgType><references>${reference}</references>`);
    expect(update).toContain('<status>Actual</status>');
    const before = (await beacon.http.get('/api/v1/alerts').set(beacon.auth(auditor)).expect(200)).body as { alerts: unknown[] };
    const refused = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).set('Content-Type', 'application/cap+xml').send(update).expect(409);
    expect(refused.body).toMatchObject({ error: { code: 'alert.status_immutable' } });
    const after = (await beacon.http.get('/api/v1/alerts').set(beacon.auth(auditor)).expect(200)).body as { alerts: unknown[] };
    expect(after.alerts.length).toBe(before.alerts.length);
  });

  it('an exercise\'s own filters still apply: test recipients with the operator\'s tag only', async () => {
    const id = await draftAndSubmit({ status: 'Test', texts: { en: 'Tagged test.' }, filters: { tags: ['river'] } });
    const approved = (await approveAlert(beacon.http, beacon.auth(approver1), id)).body as AlertBody;
    expect(approved).toMatchObject({ state: 'dispatching', approvalsRequired: 1, progress: { targeted: 1 } });
    const deliveries = await client.query(`SELECT d.recipient FROM delivery d JOIN alert a ON a.dispatch_run_id = d.run_id WHERE a.id = $1`, [id]);
    expect(deliveries.rows).toEqual([{ recipient: `+${phones.testerArabic}` }]);
  });

  it('the database refuses an approval by the author, a changed approval, and a decision by the author', async () => {
    const id = await draftAndSubmit({ texts: { en: 'Database rule.' } });
    const hash = 'c'.repeat(64);
    await expect(client.query(`INSERT INTO alert_approval (alert_id, approver_id, content_hash, approvals_required) VALUES ($1, $2, $3, 1)`, [id, ids.author, hash])).rejects.toThrow(
      /two-person rule/,
    );
    await client.query(`INSERT INTO alert_approval (alert_id, approver_id, content_hash, approvals_required) VALUES ($1, $2, $3, 2)`, [id, ids.approver1, hash]);
    await expect(client.query(`UPDATE alert_approval SET approver_id = $2 WHERE alert_id = $1`, [id, ids.author])).rejects.toThrow(/not changed/);
    await expect(client.query(`UPDATE alert SET created_by = $2 WHERE id = $1`, [id, ids.approver1])).rejects.toThrow(/cannot be changed/);
    await expect(client.query(`UPDATE alert SET decided_by = created_by WHERE id = $1`, [id])).rejects.toThrow(/alert_two_person_rule/);
    // The planted approval was of other content: the next real approval voids it rather than counting it.
    const approval = (await approveAlert(beacon.http, beacon.auth(approver2), id)).body as AlertBody;
    expect(approval.approvals.map((entry) => entry.approverId)).toEqual([ids.approver2]);
    expect((await events(id)).find((event) => event.action === 'alert.approvals_voided')).toMatchObject({ data: { reason: 'content_changed' } });
  });
});
