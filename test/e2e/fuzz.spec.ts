import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { concretePath, discoverRoutes, type Route } from '../support/routes.js';

/** Strings that mean something to SQL, JSON, HTML, shells, or JavaScript objects. */
const NASTY = [
  "Robert'); DROP TABLE alert;--",
  "' OR '1'='1",
  '\\x00\u0000',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${process.exit()}',
  '%s%s%n',
  '\u202e\u200b\ufeff',
  'ا'.repeat(50),
  '😀'.repeat(20),
  '9'.repeat(400),
  '-1',
  'NaN',
  '1e309',
];

const nasty = fc.oneof(
  fc.constantFrom<unknown>(...NASTY, null, true, -1, 0, 1e309, Number.MAX_SAFE_INTEGER + 2, [], {}, [[[]]]),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
);

/** A valid body with some fields replaced, removed or added: closer to the edge than pure noise. */
function mutated(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: 3 }),
      drop: fc.subarray(keys, { maxLength: 2 }),
      extra: fc.dictionary(fc.string({ maxLength: 20 }), nasty, { maxKeys: 2 }),
      addExtra: fc.boolean(),
    })
    .map(({ replace, drop, extra, addExtra }) => {
      const body: Record<string, unknown> = { ...base, ...replace };
      for (const key of drop) delete body[key];
      return addExtra ? { ...body, ...extra } : body;
    });
}

const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/alerts': alertBody({ filters: { languages: ['en'], tags: ['river'] } }) as unknown as Record<string, unknown>,
  'POST /api/v1/subscribers': subscriberBody([{ lat: 50.5, lon: 10.5 }]) as unknown as Record<string, unknown>,
  'POST /api/v1/operators': { name: 'fuzz', roles: ['operator'] },
};

describe('fuzzing every route: no 5xx, no crash, no partial write', () => {
  let beacon: Beacon;
  let client: pg.Client;
  let key: string;
  let routes: Route[];
  const outcomes: Record<string, number> = {};
  let cases = 0;

  const rowCounts = async () =>
    (await client.query<{ counts: string }>(`SELECT concat_ws(',', (SELECT count(*) FROM subscriber), (SELECT count(*) FROM subscriber_location),
      (SELECT count(*) FROM alert), (SELECT count(*) FROM operator), (SELECT count(*) FROM delivery), (SELECT count(*) FROM audit_event)) AS counts`)).rows[0]!.counts;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false', BEACON_BODY_LIMIT_BYTES: '65536' });
    key = await beacon.createOperator('everything', ['operator', 'approver', 'admin', 'auditor']);
    routes = discoverRoutes(beacon).filter((route) => !route.path.startsWith('/simulator'));
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
    process.stdout.write(`fuzz: ${cases} generated requests, outcomes by status ${JSON.stringify(outcomes)}\n`);
  });

  async function send(route: Route, body: unknown, query: Record<string, string>, contentType: string) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const before = await rowCounts();
    const request = beacon.http[method](concretePath(route.path)).query(query).set('Authorization', `Bearer ${key}`).timeout(10_000);
    const response = method === 'get' || method === 'delete'
      ? await request
      : await request.set('Content-Type', contentType).send(typeof body === 'string' ? body : JSON.stringify(body));
    cases += 1;
    outcomes[response.status] = (outcomes[response.status] ?? 0) + 1;
    const where = `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 200)}`;
    expect(response.status, where).toBeLessThan(500);
    if (response.status >= 400) {
      expect((response.body as { error?: { code?: unknown } }).error?.code, where).toEqual(expect.any(String));
      expect(await rowCounts(), `partial write: ${where}`).toBe(before);
    }
  }

  it('bodies, queries and content types', async () => {
    for (const route of routes) {
      const base = VALID_BODIES[`${route.method} ${route.path}`];
      const body = base ? fc.oneof(mutated(base), nasty) : nasty;
      const query = fc.dictionary(fc.constantFrom('limit', 'state', 'before', 'from', 'format', 'x'), fc.string({ maxLength: 30 }), { maxKeys: 3 });
      const contentType = fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/cap+xml', 'application/x-www-form-urlencoded');
      await fc.assert(fc.asyncProperty(body, query, contentType, (b, q, c) => send(route, b, q, c)), { numRuns: base ? 60 : 15 });
    }
    expect(cases).toBeGreaterThan(300);
  });

  it('stores SQL-meaningful strings verbatim', async () => {
    const headline = "Robert'); DROP TABLE alert;-- \\ % _ $1 ' \" ;";
    const created = await beacon.http.post('/api/v1/alerts').set('Authorization', `Bearer ${key}`).send(alertBody({ headline, texts: { en: headline } })).expect(201);
    const read = await beacon.http.get(`/api/v1/alerts/${(created.body as { id: string }).id}`).set('Authorization', `Bearer ${key}`).expect(200);
    expect(read.body).toMatchObject({ headline, texts: { en: headline } });
  });
});
