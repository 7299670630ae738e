import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { concretePath, discoverRoutes, type Route } from '../support/routes.js';

describe('permission matrix: every route x every role', () => {
  let beacon: Beacon;
  let routes: Route[];
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    beacon = await startBeacon();
    for (const role of ROLES) keys[role] = role === 'admin' ? ADMIN_KEY : await beacon.createOperator(`only-${role}`, [role]);
    routes = discoverRoutes(beacon);
  });
  afterAll(() => beacon.close());

  it('finds the routes of every module', () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    expect(paths).toContain('POST /api/v1/alerts/:id/approve');
    expect(paths).toContain('GET /api/v1/audit/verify');
    expect(paths).toContain('POST /webhooks/whatsapp');
    expect(routes.length).toBeGreaterThan(15);
  });

  it('every route declares its access (a new route without one fails here)', () => {
    const undeclared = routes.filter((route) => route.access === undefined).map((route) => `${route.method} ${route.path}`);
    expect(undeclared).toEqual([]);
  });

  it('every /api/v1 route needs a key, except the documented public ones', () => {
    const publicApi = routes.filter((route) => route.path.startsWith('/api/v1') && route.access?.kind === 'public');
    expect(publicApi.map((route) => route.path).every((path) => /^\/api\/v1\/optin/.test(path))).toBe(true);
  });

  it('answers each role as declared: 401 without a key, 403 for a role not listed, never an auth error for one listed', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (route.access?.kind !== 'roles') continue;
      const url = concretePath(route.path);
      const call = (key?: string) => {
        const request = beacon.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
        if (key) request.set('Authorization', `Bearer ${key}`);
        return request.send({});
      };
      const anonymous = await call();
      if (anonymous.status !== 401) failures.push(`${route.method} ${route.path} without key -> ${anonymous.status}`);
      for (const role of ROLES) {
        const response = await call(keys[role]);
        const code = (response.body as { error?: { code?: string } }).error?.code ?? '';
        const allowed = route.access.roles.includes(role);
        if (allowed && (response.status === 401 || code.startsWith('auth.'))) failures.push(`${route.method} ${route.path} as ${role} -> ${response.status} ${code}`);
        if (!allowed && (response.status !== 403 || code !== 'auth.role_required')) failures.push(`${route.method} ${route.path} as ${role} -> ${response.status} ${code} (expected 403)`);
        if (response.status >= 500) failures.push(`${route.method} ${route.path} as ${role} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
