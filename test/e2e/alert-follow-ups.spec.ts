import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../src/alerts/alert.view.js';
import type { CancelAlertDto, CreateAlertDto } from '../../src/alerts/dto/create-alert.dto.js';
import type { UpdateMessageDto } from '../../src/alerts/dto/follow-up.dto.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { capSchemaErrors } from './cap-support.js';

interface SimulatedMessage {
  to: string;
  text: string;
  language: string;
}

type CancelResponse = AlertView & { cancellation: AlertView | null };

interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}

const square = (west: number, east: number) => ({ type: 'Polygon' as const, coordinates: [[[west, 50], [east, 50], [east, 51], [west, 51], [west, 50]]] });
/** The first alert's area, and the Update's: grown eastwards by a degree. */
const FIRST_AREA = { polygons: [square(10, 11)] };
const GROWN_AREA = { polygons: [square(10, 12)] };

const FIRST_TEXTS = { en: 'Flood warning: leave the river banks now.', es: 'Alerta de inundación: abandone las orillas del río ahora.' };
const UPDATE_TEXTS = { en: 'Flood update: the flood zone now reaches Eastbrook. Leave now.', es: 'Actualización: la zona inundable llega ahora a Eastbrook. Salga ya.' };

describe('Update and Cancel originated by Beacon', () => {
  let beacon: Beacon;
  let author: string;
  let approver: string;
  let dual: string;
  let auditor: string;
  const phones: Record<string, string> = {};

  const add = async (name: string, lat: number, lon: number, language = 'en') => {
    const body = subscriberBody([{ lat, lon }], { language });
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    phones[name] = body.phone.slice(1);
  };
  const get = async (id: string) => (await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(auditor)).expect(200)).body as AlertView;
  const completed = (id: string) => eventually(async () => {
    const alert = await get(id);
    return alert.state === 'completed' ? alert : undefined;
  }, 30_000, `alert ${id} to complete`);
  /** Who got a message with this text (by subscriber name), once all `count` have arrived. */
  const recipientsOf = async (texts: readonly string[], count: number) => {
    const names = new Map(Object.entries(phones).map(([name, phone]) => [phone, name]));
    const received = await eventually(async () => {
      const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
      const ours = messages.filter((message) => texts.includes(message.text));
      return ours.length >= count ? ours : undefined;
    }, 20_000, `${count} messages`);
    return received.map((message) => ({ name: names.get(message.to) ?? message.to, text: message.text })).sort((a, b) => a.name.localeCompare(b.name));
  };
  const auditActions = async (id: string) => {
    const { events } = (await beacon.http.get('/api/v1/audit/events').query({ subjectId: id }).set(beacon.auth(auditor)).expect(200)).body as { events: { action: string; actor: string; data: Record<string, unknown> }[] };
    return events.reverse();
  };

  let first: AlertView;
  let update: AlertView;

  beforeAll(async () => {
    beacon = await startBeacon();
    author = await beacon.createOperator('Ana Author', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    dual = await beacon.createOperator('Kim Both', ['operator', 'approver']);
    auditor = await beacon.createOperator('Alex Auditor', ['auditor']);
    await add('a', 50.2, 10.2);
    await add('b', 50.8, 10.8, 'es');
    await add('c', 50.5, 11.5); // only inside the grown area
    await add('d', 52.5, 13.5); // outside both
  });
  afterAll(() => beacon.close());

  it('sends the first alert to A and B', async () => {
    const body: CreateAlertDto = alertBody({ area: FIRST_AREA, texts: FIRST_TEXTS });
    first = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(body).expect(201)).body as AlertView;
    await beacon.http.post(`/api/v1/alerts/${first.id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), first.id);
    expect(await recipientsOf(Object.values(FIRST_TEXTS), 2)).toEqual([{ name: 'a', text: FIRST_TEXTS.en }, { name: 'b', text: FIRST_TEXTS.es }]);
    await completed(first.id);
  });

  it('an Update is a draft referencing the earlier alert by CAP sender, identifier and sent, with the fields given replacing the earlier ones', async () => {
    const body: UpdateMessageDto = { area: GROWN_AREA, texts: UPDATE_TEXTS, headline: 'Flood warning extended to Eastbrook', severity: 'Extreme' };
    const response = await beacon.http.post(`/api/v1/alerts/${first.id}/update`).set(beacon.auth(author)).send(body).expect(201);
    update = response.body as AlertView;
    expect(update).toMatchObject({
      state: 'draft', msgType: 'Update', referencesAlertId: first.id, headline: 'Flood warning extended to Eastbrook', severity: 'Extreme',
      event: first.event, urgency: first.urgency, certainty: first.certainty, status: first.status, area: GROWN_AREA, texts: UPDATE_TEXTS,
    });
    expect(update.cap.references).toBe(`beacon@example.org,${first.cap.identifier},${first.cap.sent}`);
    const xml = (await beacon.http.get(`/api/v1/alerts/${update.id}/cap`).set(beacon.auth(author)).expect(200)).text;
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<msgType>Update</msgType>');
    expect(xml).toContain(`<references>beacon@example.org,${first.cap.identifier},${first.cap.sent}</references>`);
  });

  it('refuses a second follow-up while one is on its way, and an Update of a draft', async () => {
    const again = await beacon.http.post(`/api/v1/alerts/${first.id}/update`).set(beacon.auth(author)).send({}).expect(409);
    expect((again.body as ErrorBody).error).toMatchObject({ code: 'alert.follow_up_pending', details: { followUpId: update.id, msgType: 'Update' } });
    const draft = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as AlertView;
    const refused = await beacon.http.post(`/api/v1/alerts/${draft.id}/update`).set(beacon.auth(author)).send({}).expect(409);
    expect((refused.body as ErrorBody).error.code).toBe('alert.not_updatable');
  });

  it('the approved Update reaches everyone the first alert reached and the newly covered C, not D; the first alert is superseded', async () => {
    await beacon.http.post(`/api/v1/alerts/${update.id}/submit`).set(beacon.auth(author)).expect(200);
    const approved = (await approveAlert(beacon.http, beacon.auth(approver), update.id)).body as AlertView;
    expect(approved.progress.targeted).toBe(3);
    expect(await recipientsOf(Object.values(UPDATE_TEXTS), 3)).toEqual([
      { name: 'a', text: UPDATE_TEXTS.en },
      { name: 'b', text: UPDATE_TEXTS.es },
      { name: 'c', text: UPDATE_TEXTS.en },
    ]);
    expect((await get(first.id)).state).toBe('superseded');
    expect((await auditActions(first.id)).map((event) => event.action)).toContain('alert.superseded');
    const superseded = await beacon.http.post(`/api/v1/alerts/${first.id}/update`).set(beacon.auth(author)).send({}).expect(409);
    expect((superseded.body as ErrorBody).error).toMatchObject({ code: 'alert.superseded', details: { supersededBy: update.id } });
    await completed(update.id);
  });

  let cancellation: AlertView;

  it('cancelling a sent alert drafts a Cancel for approval: default notices per language, references the whole chain', async () => {
    // E arrives after both messages went out: nobody told E anything, so the Cancel must not reach E.
    await add('e', 50.3, 10.3);
    const body: CancelAlertDto = { reason: 'Gauge fault: no flood' };
    const response = await beacon.http.post(`/api/v1/alerts/${update.id}/cancel`).set(beacon.auth(dual)).send(body).expect(200);
    const outcome = response.body as CancelResponse;
    expect(outcome.state).toBe('completed');
    cancellation = outcome.cancellation!;
    expect(cancellation).toMatchObject({ state: 'pending_approval', msgType: 'Cancel', referencesAlertId: update.id, headline: 'Cancelled: Flood warning extended to Eastbrook' });
    expect(cancellation.texts).toEqual({
      en: `CANCELLED: the alert "${UPDATE_TEXTS.en}" sent earlier is cancelled. Disregard it.`,
      es: `CANCELADA: la alerta «${UPDATE_TEXTS.es}» enviada anteriormente queda cancelada. No la tenga en cuenta.`,
    });
    expect(cancellation.cap.references!.split(' ')).toEqual([
      `beacon@example.org,${first.cap.identifier},${first.cap.sent}`,
      `beacon@example.org,${update.cap.identifier},${update.cap.sent}`,
    ]);
    const again = await beacon.http.post(`/api/v1/alerts/${update.id}/cancel`).set(beacon.auth(author)).send({}).expect(409);
    expect((again.body as ErrorBody).error).toMatchObject({ code: 'alert.follow_up_pending', details: { followUpId: cancellation.id } });
  });

  it('the Cancel needs a second person, then reaches exactly those reached by the chain, and cancels it', async () => {
    const self = await approveAlert(beacon.http, beacon.auth(dual), cancellation.id, 403);
    expect((self.body as ErrorBody).error.code).toBe('alert.self_approval');
    const approved = (await approveAlert(beacon.http, beacon.auth(approver), cancellation.id)).body as AlertView;
    expect(approved.progress.targeted).toBe(3);
    const notices = Object.values(cancellation.texts);
    expect((await recipientsOf(notices, 3)).map((message) => message.name)).toEqual(['a', 'b', 'c']);
    expect((await get(update.id)).state).toBe('cancelled');
    expect((await get(first.id)).state).toBe('cancelled');
    const xml = (await beacon.http.get(`/api/v1/alerts/${cancellation.id}/cap`).set(beacon.auth(author)).expect(200)).text;
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<msgType>Cancel</msgType>');
    await completed(cancellation.id);
    // Nobody else got it: not D (never reached), not E (joined afterwards).
    const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
    expect(messages.filter((message) => message.to === phones.d || message.to === phones.e)).toEqual([]);
    const cancelled = await beacon.http.post(`/api/v1/alerts/${cancellation.id}/cancel`).set(beacon.auth(author)).send({}).expect(409);
    expect((cancelled.body as ErrorBody).error.code).toBe('alert.cancel_final');
  });

  it('a cancel request is audited on the alert, and the operator may give the notice texts', async () => {
    const actions = (await auditActions(update.id)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['alert.cancel_requested', 'alert.cancelled']));
    const sent = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ area: FIRST_AREA, texts: { en: 'Heat warning.' } })).expect(201)).body as AlertView;
    await beacon.http.post(`/api/v1/alerts/${sent.id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), sent.id);
    await completed(sent.id);
    const own = await beacon.http.post(`/api/v1/alerts/${sent.id}/cancel`).set(beacon.auth(author)).send({ texts: { en: 'The heat warning is over.' } }).expect(200);
    expect((own.body as CancelResponse).cancellation?.texts).toEqual({ en: 'The heat warning is over.' });
  });
});

describe('cancel before anything was sent', () => {
  let beacon: Beacon;

  beforeAll(async () => {
    // No sender workers: an approved alert's messages stay queued.
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
  });
  afterAll(() => beacon.close());

  it('reaches nobody and just cancels: unsent messages are not sent, no Cancel message is drafted', async () => {
    const author = await beacon.createOperator('Ana Author', ['operator']);
    const approver = await beacon.createOperator('Sam Approver', ['approver']);
    for (const [lat, lon] of [[50.2, 10.2], [50.8, 10.8]] as const) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat, lon }])).expect(201);
    }
    const alert = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ area: FIRST_AREA })).expect(201)).body as AlertView;
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(author)).expect(200);
    const approved = (await approveAlert(beacon.http, beacon.auth(approver), alert.id)).body as AlertView;
    expect(approved).toMatchObject({ state: 'dispatching', progress: { targeted: 2, queued: 2 } });

    const response = await beacon.http.post(`/api/v1/alerts/${alert.id}/cancel`).set(beacon.auth(author)).send({ reason: 'Wrong river' }).expect(200);
    const outcome = response.body as CancelResponse;
    expect(outcome).toMatchObject({ state: 'cancelled', cancellation: null, progress: { targeted: 2, queued: 0, sent: 0, failed: 2 } });
    const { alerts } = (await beacon.http.get('/api/v1/alerts').set(beacon.auth(author)).expect(200)).body as { alerts: AlertView[] };
    expect(alerts.filter((other) => other.msgType === 'Cancel')).toEqual([]);
  });
});
