import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeacon, type Beacon } from '../support/beacon.js';
import { readSample } from './cap-support.js';

interface ErrorResponse {
  error: { code: string; message: string; details?: { path?: string } };
}

const SAMPLE = 'oasiscap_v1dot2_appendix_adot2.xml';

describe('bad CAP XML: a 4xx naming the problem, nothing stored', () => {
  let beacon: Beacon;
  let operator: string;
  let client: pg.Client;

  const counts = async () => {
    const { rows } = await client.query<{ alerts: string; audit: string }>(`SELECT (SELECT count(*) FROM alert) AS alerts, (SELECT count(*) FROM audit_event) AS audit`);
    return rows[0];
  };

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_BODY_LIMIT_BYTES: '32768' });
    operator = await beacon.createOperator('Olu Operator', ['operator']);
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  async function expectRefused(xml: string, status: number, code: string, contentType = 'application/cap+xml') {
    const before = await counts();
    const response = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', contentType).send(xml);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    const body = response.body as ErrorResponse;
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
    return body.error;
  }

  const sample = () => readSample(SAMPLE);

  it('malformed XML', async () => {
    await expectRefused(sample().replace('</info>', ''), 400, 'cap.malformed');
    await expectRefused('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>', 400, 'cap.malformed');
    await expectRefused('this is not xml', 400, 'cap.malformed');
    await expectRefused(sample().replace('SEVERE THUNDERSTORM WARNING', 'WIND & HAIL'), 400, 'cap.malformed');
    await expectRefused(`${sample()}<alert/>`, 400, 'cap.malformed');
    await expectRefused('', 400, 'cap.empty_body');
  });

  it('wrong namespace: CAP 1.1, none, or a root that is not alert', async () => {
    const error = await expectRefused(sample().replace('urn:oasis:names:tc:emergency:cap:1.2', 'urn:oasis:names:tc:emergency:cap:1.1'), 400, 'cap.wrong_namespace');
    expect(error.message).toContain('urn:oasis:names:tc:emergency:cap:1.2');
    await expectRefused(sample().replace(' xmlns = "urn:oasis:names:tc:emergency:cap:1.2"', ''), 400, 'cap.wrong_namespace');
    await expectRefused('<rss version="2.0"><channel/></rss>', 400, 'cap.wrong_namespace');
  });

  it('invalid enumerations and missing required elements name the element path', async () => {
    expect((await expectRefused(sample().replace('<urgency>Immediate</urgency>', '<urgency>Now</urgency>'), 400, 'cap.invalid')).details?.path).toBe('alert/info[1]/urgency');
    expect((await expectRefused(sample().replace('<category>Met</category>', '<category>Weather</category>'), 400, 'cap.invalid')).details?.path).toBe('alert/info[1]/category[1]');
    expect((await expectRefused(sample().replace('<status>Actual</status>', '<status>Real</status>'), 400, 'cap.invalid')).details?.path).toBe('alert/status');
    expect((await expectRefused(sample().replace(/<sender>.*<\/sender>/, ''), 400, 'cap.invalid')).details?.path).toBe('alert/sender');
    expect((await expectRefused(sample().replace('<sent>2003-06-17T14:57:00-07:00</sent>', '<sent>yesterday</sent>'), 400, 'cap.invalid')).details?.path).toBe('alert/sent');
    expect((await expectRefused(sample().replace('38.47,-120.14 38.34', '38.47;-120.14 38.34'), 400, 'cap.invalid')).details?.path).toBe('alert/info[1]/area[1]/polygon[1]');
    expect((await expectRefused(sample().replace('38.47,-120.14 38.34', '98.47,-120.14 38.34'), 400, 'cap.invalid')).details?.path).toBe('alert/info[1]/area[1]/polygon[1]');
  });

  it('a polygon the areas library refuses is named by its CAP path', async () => {
    const bowtie = '<polygon>38.0,-120.0 39.0,-119.0 38.0,-119.0 39.0,-120.0 38.0,-120.0</polygon>';
    const error = await expectRefused(sample().replace(/<polygon>.*<\/polygon>/, bowtie), 400, 'cap.invalid');
    expect(error.details).toMatchObject({ path: 'alert/info[1]/area[1]/polygon[1]', areaCode: 'area.self_intersection' });
  });

  it('messages Beacon cannot act on: System, Ack, Restricted, no info', async () => {
    await expectRefused(sample().replace('<status>Actual</status>', '<status>System</status>'), 400, 'cap.unsupported');
    await expectRefused(sample().replace('<msgType>Alert</msgType>', '<msgType>Ack</msgType>'), 400, 'cap.unsupported');
    await expectRefused(sample().replace('<scope>Public</scope>', '<scope>Restricted</scope>'), 400, 'cap.unsupported');
    await expectRefused(sample().replace(/<info>[\s\S]*<\/info>/, ''), 400, 'cap.invalid');
  });

  it('DOCTYPE, external entities (XXE) and entity expansion (billion laughs) are refused before parsing', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${sample().replace(/^<\?xml[^>]*>/, '').replace('SEVERE THUNDERSTORM WARNING', '&xxe;')}`;
    await expectRefused(xxe, 400, 'cap.doctype_forbidden');
    const laughs = ['<!DOCTYPE lolz [', '<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`), ']>'].join('\n');
    await expectRefused(`<?xml version="1.0"?>\n${laughs}\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>`, 400, 'cap.doctype_forbidden');
    await expectRefused(sample().replace('<alert', '<!doctype alert>\n<alert'), 400, 'cap.doctype_forbidden');
    // Without a DTD an entity reference is simply undefined.
    await expectRefused(sample().replace('SEVERE THUNDERSTORM WARNING', '&xxe;'), 400, 'cap.malformed');
  });

  it('a document over the body size limit is a 413', async () => {
    const padding = `<note>${'x'.repeat(40_000)}</note>`;
    await expectRefused(sample().replace('<scope>Public</scope>', `<scope>Public</scope>${padding}`), 413, 'body_too_large');
  });

  it('entities and character references that XML predefines are decoded', async () => {
    const xml = sample().replace('SEVERE THUNDERSTORM WARNING', 'WIND &amp; HAIL &#x2014; &lt;now&gt;').replace('KSTO1055887203', 'KSTO-entities');
    const response = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', 'text/xml').send(xml).expect(201);
    expect((response.body as { headline: string }).headline).toBe('WIND & HAIL — <now>');
  });
});
