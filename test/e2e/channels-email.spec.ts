import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSubscriberDto } from '../../src/subscribers/dto/create-subscriber.dto.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

interface DeliveryBody {
  channel: string;
  recipient: string;
  status: string;
  errorCode: string | null;
  providerMessageId: string | null;
}

function emailSubscriber(email: string, at: { lat: number; lon: number }): CreateSubscriberDto {
  return { email, language: 'en', channels: ['email'], locations: [at], consent: { source: 'web-form', at: '2026-11-01T09:00:00Z' } };
}

describe('email channel: an alert reaches a real SMTP server', () => {
  let smtp: SmtpTestServer;
  let beacon: Beacon;
  let author: string;
  let approver: string;
  let auditor: string;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    beacon = await startBeacon({ BEACON_SMTP_URL: smtp.url, BEACON_EMAIL_FROM: 'alerts@beacon.example.org', BEACON_SMTP_TIMEOUT_MS: '5000' });
    author = await beacon.createOperator('Eve Author', ['operator']);
    approver = await beacon.createOperator('Sol Approver', ['approver']);
    auditor = await beacon.createOperator('Ada Auditor', ['auditor']);
  });
  afterAll(async () => {
    await beacon.close();
    await smtp.close();
  });

  async function dispatch(texts: Record<string, string>, headline: string): Promise<string> {
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ headline, texts })).expect(201);
    const id = (created.body as { id: string }).id;
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    return id;
  }

  async function finalDeliveries(alertId: string, count: number): Promise<DeliveryBody[]> {
    return eventually(async () => {
      const response = await beacon.http.get(`/api/v1/alerts/${alertId}/deliveries`).set(beacon.auth(auditor)).expect(200);
      const deliveries = (response.body as { deliveries: DeliveryBody[] }).deliveries;
      return deliveries.length === count && deliveries.every((d) => d.status === 'sent' || d.status === 'failed') ? deliveries : undefined;
    }, 20_000, 'every email delivery settled');
  }

  it('sends one message with the headline as subject, the text, and the HTML escaped; the delivery is sent', async () => {
    const inside = await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(emailSubscriber('Ana.Silva@Example.ORG', { lat: 50.2, lon: 10.2 })).expect(201);
    expect(inside.body).toMatchObject({ email: 'Ana.Silva@example.org', phone: null, channels: ['email'] });
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(emailSubscriber('far.away@example.org', { lat: 52, lon: 12 })).expect(201);

    const text = 'Evacuate now <script>alert("pwned")</script> & head for the hills.';
    const alertId = await dispatch({ en: text }, 'Flood <b>warning</b> for the valley');
    const [delivery] = await finalDeliveries(alertId, 1);
    expect(delivery).toMatchObject({ channel: 'email', recipient: 'Ana.Silva@example.org', status: 'sent', errorCode: null });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['Ana.Silva@example.org']);
    expect(mail.from).toBe('alerts@beacon.example.org');
    expect(mail.parsed.subject).toBe('Flood <b>warning</b> for the valley');
    expect(mail.parsed.text?.trim()).toBe(text);
    const html = String(mail.parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Evacuate now &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; head for the hills.');
    expect(mail.parsed.messageId).toBe(delivery!.providerMessageId);
  });

  it('an address the server refuses with 550 fails permanently with code smtp_550', async () => {
    smtp.rejectRecipient('gone@example.org', 550, 'No such user here');
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(emailSubscriber('gone@example.org', { lat: 50.3, lon: 10.3 })).expect(201);
    const before = smtp.received.length;
    const alertId = await dispatch({ en: 'Boil water before drinking it.' }, 'Boil water notice');
    const deliveries = await finalDeliveries(alertId, 2);
    expect(deliveries.find((d) => d.recipient === 'gone@example.org')).toMatchObject({ status: 'failed', errorCode: 'smtp_550' });
    expect(deliveries.find((d) => d.recipient === 'Ana.Silva@example.org')).toMatchObject({ status: 'sent' });
    expect(smtp.received.length - before).toBe(1);
  });
});
