import { XMLParser } from 'fast-xml-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { capSchemaErrors, readSample, type ImportedAlertBody } from './cap-support.js';
import { approveAlert } from '../support/alerts.js';

interface AtomEntry {
  id: string;
  title: string;
  link: { rel: string; type: string; href: string };
}

describe('public feeds: GET /feeds/alerts.atom and /feeds/alerts/:id.cap', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  const ids: Record<string, string> = {};

  const atomParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'entry' });

  async function draft(body: object | string): Promise<string> {
    const request = beacon.http.post('/api/v1/alerts').set(beacon.auth(operator));
    const response = typeof body === 'string' ? await request.set('Content-Type', 'application/cap+xml').send(body) : await request.send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as ImportedAlertBody).id;
  }

  async function approve(id: string): Promise<void> {
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(operator)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
  }

  async function feed(): Promise<AtomEntry[]> {
    const response = await beacon.http.get('/feeds/alerts.atom').expect(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const parsed = atomParser.parse(response.text) as { feed: { entry?: AtomEntry[]; link: { rel: string; href: string } } };
    expect(parsed.feed.link).toMatchObject({ rel: 'self', href: expect.stringMatching(/\/feeds\/alerts\.atom$/) });
    return parsed.feed.entry ?? [];
  }

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Ines Operator', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    const flashFlood = readSample('tannerryan_NWS_FlashFloodWarning.xml');
    ids.json = await draft(alertBody({ headline: 'Approved JSON alert' }));
    ids.current = await draft(flashFlood.replace('<expires>2026-09-12T15:45:00-04:00</expires>', '<expires>2099-09-12T15:45:00-04:00</expires>'));
    ids.expired = await draft(
      flashFlood.replace('<expires>2026-09-12T15:45:00-04:00</expires>', '<expires>2099-09-12T15:45:00-04:00</expires>').replace('<identifier>urn:oid:', '<identifier>expiring-urn:oid:'),
    );
    ids.exercise = await draft(alertBody({ headline: 'Exercise alert', status: 'Exercise' }));
    ids.cancelled = await draft(alertBody({ headline: 'Cancelled alert' }));
    ids.draft = await draft(alertBody({ headline: 'Still a draft' }));
    for (const name of ['json', 'current', 'expired', 'exercise', 'cancelled'] as const) await approve(ids[name]!);
    await beacon.http.post(`/api/v1/alerts/${ids.cancelled}/cancel`).set(beacon.auth(operator)).send({}).expect(200);
    // Expiry passes (set in the database rather than waiting for the clock).
    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    await client.query(`UPDATE alert SET expires_at = now() - interval '1 minute' WHERE id = $1`, [ids.expired]);
    await client.end();
  });
  afterAll(async () => {
    await beacon.close();
  });

  it('lists approved, current, Actual, Public alerts only, each linking to its CAP document', async () => {
    const entries = await feed();
    expect(entries.map((entry) => entry.id).sort()).toEqual([`urn:uuid:${ids.current}`, `urn:uuid:${ids.json}`].sort());
    const current = entries.find((entry) => entry.id === `urn:uuid:${ids.current}`)!;
    expect(current.title).toMatch(/^Flash Flood Warning issued/);
    expect(current.link).toMatchObject({ rel: 'alternate', type: 'application/cap+xml' });
    const href = new URL(current.link.href);
    expect(href.pathname).toBe(`/feeds/alerts/${ids.current}.cap`);
    const cap = await beacon.http.get(href.pathname).expect(200);
    expect(cap.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(await capSchemaErrors(cap.text)).toEqual([]);
    expect(cap.text).toContain('<identifier>urn:oid:2.49.0.1.840.0.b58facdd7ca789cee07387522b92d4814a08ce30.001.1</identifier>');
  });

  it('the public CAP URL does not reveal drafts, expired, exercise or cancelled alerts', async () => {
    for (const name of ['draft', 'expired', 'exercise', 'cancelled'] as const) {
      const response = await beacon.http.get(`/feeds/alerts/${ids[name]}.cap`);
      expect(response.status, name).toBe(404);
      expect((response.body as { error: { code: string } }).error.code).toBe('alert.not_found');
    }
    expect((await beacon.http.get('/feeds/alerts/not-a-uuid.cap')).status).toBe(400);
  });
});
