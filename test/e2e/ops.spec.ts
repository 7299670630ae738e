import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeacon, type Beacon } from '../support/beacon.js';

describe('operations endpoints', () => {
  let beacon: Beacon;

  beforeAll(async () => {
    beacon = await startBeacon();
  });
  afterAll(() => beacon.close());

  it('reports health with a database check', async () => {
    const response = await beacon.http.get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { status: 'ok' } });
  });

  it('serves the OpenAPI description of the public contract', async () => {
    await beacon.http.get('/docs').expect(200).expect('Content-Type', /html/);
    const spec = (await beacon.http.get('/docs/json').expect(200)).body as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/operators', '/api/v1/subscribers', '/api/v1/alerts', '/api/v1/alerts/{id}/approve', '/api/v1/audit/verify']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });

  it('sets security headers and hides the framework', async () => {
    const response = await beacon.http.get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps CORS off unless origins are configured', async () => {
    const response = await beacon.http.options('/api/v1/alerts').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown route with the error shape', async () => {
    const response = await beacon.http.get('/api/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({ error: { code: 'not_found' } });
  });
});
