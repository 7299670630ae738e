import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPartnerSignature } from '../../src/channels/webhook/partner-signature.js';
import type { CreatePartnerDto } from '../../src/partners/dto/partner.dto.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { startPartnerTestServer, type PartnerRequest, type PartnerTestServer } from '../support/partner-test-server.js';
import { capSchemaErrors } from './cap-support.js';

interface PartnerBody {
  id: string;
  name: string;
  url: string;
  format: string;
  active: boolean;
  secret?: string;
}

interface DeliveryBody {
  id: string;
  subscriberId: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  errorCode: string | null;
  providerMessageId: string | null;
}

function expectSigned(request: PartnerRequest, secret: string) {
  const timestamp = request.headers['x-beacon-timestamp'] as string;
  const signature = request.headers['x-beacon-signature'] as string;
  expect(verifyPartnerSignature(secret, timestamp, request.body, signature, new Date())).toEqual({ valid: true });
}

describe('webhook channel: partner systems receive every dispatched alert, signed', () => {
  let partnerServer: PartnerTestServer;
  let beacon: Beacon;
  let author: string;
  let approver: string;
  let auditor: string;
  const partners: Record<string, PartnerBody> = {};

  const createPartner = (body: CreatePartnerDto) => beacon.http.post('/api/v1/partners').set(beacon.auth(ADMIN_KEY)).send(body);

  beforeAll(async () => {
    partnerServer = await startPartnerTestServer({
      '/flaky': [{ status: 503, headers: { 'Retry-After': '1' } }, { status: 503 }, { status: 200 }],
      '/refuses': [{ status: 400 }],
    });
    beacon = await startBeacon();
    author = await beacon.createOperator('Pat Author', ['operator']);
    approver = await beacon.createOperator('Ray Approver', ['approver']);
    auditor = await beacon.createOperator('Ivy Auditor', ['auditor']);
  });
  afterAll(async () => {
    await beacon.close();
    await partnerServer.close();
  });

  it('manages partners: the secret is generated (or taken) and shown once; a bad URL is a 400', async () => {
    const cap = (await createPartner({ name: 'Regional EOC', url: `${partnerServer.url}/cap`, format: 'cap' }).expect(201)).body as PartnerBody;
    expect(cap).toMatchObject({ name: 'Regional EOC', format: 'cap', active: true });
    expect(cap.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    partners.cap = cap;
    partners.json = (await createPartner({ name: 'News desk', url: `${partnerServer.url}/json`, format: 'json', secret: 'news-desk-shared-secret' }).expect(201)).body as PartnerBody;
    expect(partners.json.secret).toBe('news-desk-shared-secret');
    partners.flaky = (await createPartner({ name: 'Flaky', url: `${partnerServer.url}/flaky`, format: 'cap' }).expect(201)).body as PartnerBody;
    partners.refuses = (await createPartner({ name: 'Refuses', url: `${partnerServer.url}/refuses`, format: 'json' }).expect(201)).body as PartnerBody;
    const gone = (await createPartner({ name: 'Gone', url: `${partnerServer.url}/gone`, format: 'cap' }).expect(201)).body as PartnerBody;

    const listed = (await beacon.http.get('/api/v1/partners').set(beacon.auth(ADMIN_KEY)).expect(200)).body as { partners: PartnerBody[] };
    expect(listed.partners).toHaveLength(5);
    expect(JSON.stringify(listed)).not.toContain('secret');
    expect((await beacon.http.get(`/api/v1/partners/${cap.id}`).set(beacon.auth(ADMIN_KEY)).expect(200)).body).not.toHaveProperty('secret');

    const disabled = (await beacon.http.delete(`/api/v1/partners/${gone.id}`).set(beacon.auth(ADMIN_KEY)).expect(200)).body as PartnerBody;
    expect(disabled.active).toBe(false);
    const renamed = await beacon.http.patch(`/api/v1/partners/${gone.id}`).set(beacon.auth(ADMIN_KEY)).send({ name: 'Gone for good' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Gone for good', active: false });

    const bad = await createPartner({ name: 'FTP', url: 'ftp://partner.example.org/alerts', format: 'cap' }).expect(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
    await createPartner({ name: 'Odd', url: `${partnerServer.url}/odd`, format: 'rss' as 'cap' }).expect(400);
    await createPartner({ name: 'Short secret', url: `${partnerServer.url}/x`, format: 'cap', secret: 'short' }).expect(400);
    const missing = await beacon.http.patch('/api/v1/partners/00000000-0000-4000-8000-000000000000').set(beacon.auth(ADMIN_KEY)).send({ active: true }).expect(404);
    expect(missing.body).toMatchObject({ error: { code: 'partner.not_found' } });
  });

  it('an approved alert reaches each active partner once: signed CAP 1.2 or JSON; 503s are retried until sent; a 400 fails for good', async () => {
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 50.2, lon: 10.2 }])).expect(201);
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201);
    const alertId = (created.body as { id: string }).id;
    await beacon.http.post(`/api/v1/alerts/${alertId}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alertId);

    const deliveries = await eventually(async () => {
      const response = await beacon.http.get(`/api/v1/alerts/${alertId}/deliveries`).query({ channel: 'webhook' }).set(beacon.auth(auditor)).expect(200);
      const rows = (response.body as { deliveries: DeliveryBody[] }).deliveries;
      return rows.length === 4 && rows.every((d) => d.status === 'sent' || d.status === 'failed') ? rows : undefined;
    }, 30_000, 'every partner delivery settled');
    const of = (partner: PartnerBody) => deliveries.find((d) => d.subscriberId === partner.id)!;
    for (const name of ['cap', 'json', 'flaky', 'refuses']) expect(of(partners[name]!).recipient).toBe(partners[name]!.url);

    // CAP partner: one POST, the CAP 1.2 document (valid against the official schema), signed.
    const [capRequest, ...moreCap] = partnerServer.to('/cap');
    expect(moreCap).toEqual([]);
    expect(capRequest!.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(await capSchemaErrors(capRequest!.body)).toEqual([]);
    expect(capRequest!.body).toContain(`<identifier>urn:beacon:alert:${alertId}</identifier>`);
    expect(capRequest!.body).toContain('<headline>Flood warning for the river valley</headline>');
    expectSigned(capRequest!, partners.cap!.secret!);
    expect(capRequest!.headers['x-beacon-delivery']).toBe(of(partners.cap!).id);
    expect(of(partners.cap!)).toMatchObject({ status: 'sent', providerMessageId: of(partners.cap!).id, attempts: 1 });
    expect(verifyPartnerSignature('not-the-secret-at-all', capRequest!.headers['x-beacon-timestamp'] as string, capRequest!.body, capRequest!.headers['x-beacon-signature'] as string)).toMatchObject({ valid: false });

    // JSON partner: the same CAP message as an object, signed with the secret it chose.
    const [jsonRequest] = partnerServer.to('/json');
    expect(jsonRequest!.headers['content-type']).toBe('application/json; charset=utf-8');
    const json = JSON.parse(jsonRequest!.body) as { alertId: string; cap: { identifier: string; msgType: string; infos: { language: string; headline: string; description: string }[] } };
    expect(json.alertId).toBe(alertId);
    expect(json.cap).toMatchObject({ identifier: `urn:beacon:alert:${alertId}`, msgType: 'Alert' });
    expect(json.cap.infos.map((info) => [info.language, info.description])).toEqual([
      ['en', 'Flood warning: move to higher ground now.'],
      ['es', 'Alerta de inundación: suba a terreno elevado ahora.'],
    ]);
    expectSigned(jsonRequest!, 'news-desk-shared-secret');

    // 503, 503, 200: three attempts of the same delivery (same id for the partner's deduplication), then sent.
    const flaky = partnerServer.to('/flaky');
    expect(flaky).toHaveLength(3);
    expect(new Set(flaky.map((r) => r.headers['x-beacon-delivery']))).toEqual(new Set([of(partners.flaky!).id]));
    for (const request of flaky) expectSigned(request, partners.flaky!.secret!);
    expect(of(partners.flaky!)).toMatchObject({ status: 'sent', attempts: 3, errorCode: null });

    // 400: permanent, not retried.
    expect(partnerServer.to('/refuses')).toHaveLength(1);
    expect(of(partners.refuses!)).toMatchObject({ status: 'failed', errorCode: 'webhook_400', attempts: 1 });

    // The disabled partner got nothing.
    expect(partnerServer.to('/gone')).toEqual([]);
  });
});
