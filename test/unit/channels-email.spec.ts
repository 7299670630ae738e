import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, SendOutcome } from '../../src/channels/channel.js';
import { EmailAdapter } from '../../src/channels/email/email.adapter.js';
import { emailContent, escapeHtml } from '../../src/channels/email/email-content.js';
import { interpretSmtpError, type SmtpErrorLike } from '../../src/channels/email/smtp-outcome.js';
import { createSmtpTransport } from '../../src/channels/email/smtp-transport.js';
import { createEmailAdapter } from '../../src/channels/channels.module.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

describe('SMTP outcome mapping', () => {
  const cases: [string, SmtpErrorLike, Partial<SendOutcome>][] = [
    ['550 on RCPT TO: permanent with its code', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 No such user' }, { kind: 'permanent', code: 'smtp_550' }],
    ['552 after DATA: permanent', { code: 'EMESSAGE', command: 'DATA', responseCode: 552, response: '552 Message too big' }, { kind: 'permanent', code: 'smtp_552' }],
    ['554 on MAIL FROM: permanent', { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 554, response: '554 Rejected' }, { kind: 'permanent', code: 'smtp_554' }],
    ['451 greylisting: retryable, sender not slowed', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 4.7.1 Try later' }, { kind: 'retryable', code: 'smtp_451', rateLimited: false }],
    ['452 mailbox full: retryable', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452, response: '452 Full' }, { kind: 'retryable', code: 'smtp_452', rateLimited: false }],
    ['421 closing: retryable, sender slowed', { code: 'ECONNECTION', command: 'CONN', responseCode: 421, response: '421 Too many connections' }, { kind: 'retryable', code: 'smtp_421', rateLimited: true }],
    ['503 bad sequence: retryable (the session, not the message)', { code: 'EPROTOCOL', command: 'DATA', responseCode: 503, response: '503 Bad sequence' }, { kind: 'retryable', code: 'smtp_503' }],
    ['535 authentication: configuration, retryable and slowed', { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 Bad credentials' }, { kind: 'retryable', code: 'smtp_auth', rateLimited: true }],
    ['socket timeout in the session (after DATA): unknown', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT', message: 'Timeout' }, { kind: 'unknown', code: 'smtp_timeout' }],
    ['connect timeout: retryable', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'CONNECT_TIMEOUT', message: 'Connection timeout' }, { kind: 'retryable', code: 'smtp_timeout' }],
    ['greeting timeout: retryable', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT', message: 'Greeting never received' }, { kind: 'retryable', code: 'smtp_timeout' }],
    ['connection refused: retryable', { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, { kind: 'retryable', code: 'smtp_network' }],
    ['reset mid-session: unknown', { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNRESET', message: 'read ECONNRESET' }, { kind: 'unknown', code: 'smtp_connection_lost' }],
    ['connection closed while sending: unknown', { code: 'ECONNECTION', message: 'Reached maximum number of retries after connection was closed' }, { kind: 'unknown', code: 'smtp_connection_lost' }],
    ['DNS failure: retryable', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND' }, { kind: 'retryable', code: 'smtp_network' }],
    ['invalid address, refused locally: permanent', { code: 'EENVELOPE', command: 'API', message: 'Invalid recipient' }, { kind: 'permanent', code: 'smtp_invalid_address' }],
    ['anything else: retryable', { message: 'surprise' }, { kind: 'retryable', code: 'smtp_error' }],
  ];
  it.each(cases)('%s', (_name, error, expected) => {
    expect(interpretSmtpError(Object.assign(new Error(error.message ?? 'x'), error))).toMatchObject(expected);
  });
});

describe('email configuration', () => {
  it('is off without BEACON_SMTP_URL, on with it; the From addresses are the sender identities', () => {
    expect(createEmailAdapter(loadConfig({}))).toBeNull();
    const adapter = createEmailAdapter(loadConfig({ BEACON_SMTP_URL: 'smtp://mail.example.org:587', BEACON_EMAIL_FROM: 'a@example.org, b@example.org' }));
    expect(adapter?.senderIds).toEqual(['a@example.org', 'b@example.org']);
    adapter?.onApplicationShutdown();
  });

  it.each([
    [{ BEACON_SMTP_URL: 'http://mail.example.org' }, 'BEACON_SMTP_URL'],
    [{ BEACON_SMTP_URL: 'not a url' }, 'BEACON_SMTP_URL'],
    [{ BEACON_EMAIL_FROM: 'Beacon <alerts@example.org>' }, 'BEACON_EMAIL_FROM'],
    [{ BEACON_SMTP_TIMEOUT_MS: '10' }, 'BEACON_SMTP_TIMEOUT_MS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});

describe('email content', () => {
  it('escapes the alert text in the HTML, keeps it as is in the text part, takes the subject from the headline', () => {
    const content = emailContent({ text: 'Evacuate <script>alert("x")</script> & go\nnow', language: 'en', subject: 'Flood <b>warning</b>' });
    expect(content.subject).toBe('Flood <b>warning</b>');
    expect(content.text).toBe('Evacuate <script>alert("x")</script> & go\nnow');
    expect(content.html).not.toContain('<script>');
    expect(content.html).not.toContain('<b>');
    expect(content.html).toContain('Evacuate &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; go<br>');
    expect(content.html).toContain('<h1>Flood &lt;b&gt;warning&lt;/b&gt;</h1>');
    expect(content.html).toContain('<html lang="en">');
  });

  it('without a headline, the subject is the first line of the text', () => {
    expect(emailContent({ text: 'Boil water\nuntil further notice', language: 'en' }).subject).toBe('Boil water');
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('EmailAdapter against a real SMTP server', () => {
  let server: SmtpTestServer;
  let adapter: EmailAdapter;
  const message = (recipient: string, deliveryId = '7'): OutboundMessage => ({
    deliveryId,
    senderId: 'alerts@beacon.example.org',
    recipient,
    language: 'es',
    text: 'Alerta de inundación: suba a terreno elevado ahora.',
    subject: 'Flood warning',
  });

  beforeAll(async () => {
    server = await startSmtpTestServer();
    adapter = new EmailAdapter(['alerts@beacon.example.org'], createSmtpTransport({ url: server.url, maxConnections: 2, timeoutMs: 2000 }));
  });
  afterAll(async () => {
    adapter.onApplicationShutdown();
    await server.close();
  });

  it('sends text and HTML from the sender identity; the provider id is the Message-ID', async () => {
    const outcome = await adapter.send(message('ana@example.org'));
    const mail = server.received.at(-1)!;
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: mail.parsed.messageId });
    expect(mail.to).toEqual(['ana@example.org']);
    expect(mail.from).toBe('alerts@beacon.example.org');
    expect(mail.parsed.subject).toBe('Flood warning');
    expect(mail.parsed.text?.trim()).toBe('Alerta de inundación: suba a terreno elevado ahora.');
    expect(mail.parsed.html).toContain('<p>Alerta de inundación: suba a terreno elevado ahora.</p>');
    expect(mail.parsed.headers.get('x-beacon-delivery')).toBe('7');
    expect(mail.parsed.headers.get('content-language')).toBe('es');
  });

  it('550 for an address: permanent failure smtp_550', async () => {
    server.rejectRecipient('gone@example.org', 550, 'No such user here');
    expect(await adapter.send(message('gone@example.org'))).toMatchObject({ kind: 'permanent', code: 'smtp_550' });
  });

  it('451 for an address: retryable smtp_451', async () => {
    server.rejectRecipient('later@example.org', 451, 'Greylisted, try again later');
    expect(await adapter.send(message('later@example.org'))).toMatchObject({ kind: 'retryable', code: 'smtp_451', rateLimited: false });
  });

  it('nobody listening: retryable', async () => {
    const closed = await startSmtpTestServer();
    await closed.close();
    const nowhere = new EmailAdapter(['alerts@beacon.example.org'], createSmtpTransport({ url: closed.url, maxConnections: 1, timeoutMs: 2000 }));
    expect(await nowhere.send(message('ana@example.org'))).toMatchObject({ kind: 'retryable', code: 'smtp_network' });
    nowhere.onApplicationShutdown();
  });

  it('a server that takes the message after DATA and never answers: unknown (it may have been accepted)', async () => {
    const stalled = await startSmtpTestServer();
    stalled.stallAfterData();
    const slow = new EmailAdapter(['alerts@beacon.example.org'], createSmtpTransport({ url: stalled.url, maxConnections: 1, timeoutMs: 300 }));
    expect(await slow.send(message('ana@example.org'))).toMatchObject({ kind: 'unknown', code: 'smtp_timeout' });
    slow.onApplicationShutdown();
    await stalled.close();
  });
});
