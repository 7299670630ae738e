import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateAlertDto } from '../../src/alerts/dto/create-alert.dto.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { SHARED_DATA } from '../support/shared-data.js';

type Area = CreateAlertDto['area'];

const rectangle = (west: number, south: number, east: number, north: number): Area => ({
  polygons: [{ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }],
});
/** East of Berlin, inside Brandenburg. */
const IN_BRANDENBURG = rectangle(13.9, 52.3, 14.2, 52.5);
/** Every corner in Brandenburg, but Berlin (Brandenburg's hole) inside it. */
const ROUND_BERLIN = rectangle(12.9, 52.2, 13.9, 52.8);
const IN_BERLIN: Area = { circles: [{ lat: 52.52, lon: 13.4, radiusKm: 5 }] };
const IN_BAVARIA = rectangle(11.5, 48.1, 11.7, 48.2);

interface ErrorBody {
  error: { code: string; message: string; details?: { allowedAreas?: { id: string; name: string }[]; outsidePoint?: [number, number] } };
}

function capWithPolygon(identifier: string, latLonPairs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>partner@example.org</sender><sent>2026-12-01T10:00:00+01:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>Storm</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>
    <headline>Storm warning</headline>
    <area><areaDesc>Somewhere</areaDesc><polygon>${latLonPairs}</polygon></area>
  </info>
</alert>`;
}

describe('operators restricted to named areas', () => {
  let beacon: Beacon;
  const area = {} as Record<'Brandenburg' | 'Berlin' | 'Bayern', string>;
  let restricted: { id: string; apiKey: string };
  let unrestricted: string;
  let berlinApprover: string;
  let approver: string;

  const createOperator = (body: Record<string, unknown>) => beacon.http.post('/api/v1/operators').set(beacon.auth(ADMIN_KEY)).send(body);
  const setAreas = (id: string, allowedAreaIds: string[] | null) => beacon.http.patch(`/api/v1/operators/${id}`).set(beacon.auth(ADMIN_KEY)).send({ allowedAreaIds });
  const postAlert = (key: string, alertArea: unknown) => beacon.http.post('/api/v1/alerts').set(beacon.auth(key)).send(alertBody({ area: alertArea as Area }));
  const refusal = (response: { status: number; body: unknown }) => {
    expect(response.status, JSON.stringify(response.body)).toBe(403);
    return (response.body as ErrorBody).error;
  };

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    const states = await readFile(join(SHARED_DATA, 'areas', 'isellsoap_2_bundeslaender_3_mittel.geo.json'), 'utf8');
    await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(states).expect(200);
    for (const name of ['Brandenburg', 'Berlin', 'Bayern'] as const) {
      const found = await beacon.http.get('/api/v1/areas').query({ name }).set(beacon.auth(ADMIN_KEY)).expect(200);
      area[name] = (found.body as { areas: { id: string; name: string }[] }).areas.find((a) => a.name === name)!.id;
    }
    unrestricted = await beacon.createOperator('Free Author', ['operator']);
    approver = await beacon.createOperator('Free Approver', ['approver']);
    berlinApprover = ((await createOperator({ name: 'Berlin Approver', roles: ['approver'], allowedAreaIds: [area.Berlin] }).expect(201)).body as { apiKey: string }).apiKey;
  });
  afterAll(() => beacon.close());

  it('an admin restricts an operator when creating it; unknown or malformed area ids are a 400', async () => {
    const unknown = await createOperator({ name: 'Nowhere', roles: ['operator'], allowedAreaIds: [randomUUID()] }).expect(400);
    expect((unknown.body as ErrorBody).error.code).toBe('operator.unknown_area');
    await createOperator({ name: 'Bad', roles: ['operator'], allowedAreaIds: ['brandenburg'] }).expect(400);
    const created = await createOperator({ name: 'Brandenburg Author', roles: ['operator'], allowedAreaIds: [area.Brandenburg] }).expect(201);
    restricted = created.body as { id: string; apiKey: string };
    expect(created.body).toMatchObject({ allowedAreaIds: [area.Brandenburg] });
    const me = await beacon.http.get('/api/v1/operators/me').set(beacon.auth(restricted.apiKey)).expect(200);
    expect(me.body).toMatchObject({ allowedAreaIds: [area.Brandenburg] });
  });

  it('a restricted operator creates alerts inside its areas: drawn, by id, by geocode', async () => {
    await postAlert(restricted.apiKey, IN_BRANDENBURG).expect(201);
    await postAlert(restricted.apiKey, { areaIds: [area.Brandenburg] }).expect(201);
    await postAlert(restricted.apiKey, { geocodes: [{ valueName: 'ISO3166-2', value: 'DE-BB' }] }).expect(201);
  });

  it('and is refused (403 alert.area_not_permitted, naming its areas) anywhere else, writing nothing', async () => {
    const before = ((await beacon.http.get('/api/v1/alerts').set(beacon.auth(ADMIN_KEY)).expect(200)).body as { alerts: unknown[] }).alerts.length;
    const round = refusal(await postAlert(restricted.apiKey, ROUND_BERLIN));
    expect(round).toMatchObject({ code: 'alert.area_not_permitted', details: { allowedAreas: [{ id: area.Brandenburg, name: 'Brandenburg' }] } });
    expect(round.message).toContain('Brandenburg');
    // The point named lies in Berlin, which the polygon covers and Brandenburg does not.
    const [lon, lat] = round.details!.outsidePoint!;
    expect(lon).toBeGreaterThan(13.0);
    expect(lon).toBeLessThan(13.8);
    expect(lat).toBeGreaterThan(52.3);
    expect(lat).toBeLessThan(52.7);
    for (const elsewhere of [IN_BERLIN, IN_BAVARIA, { areaIds: [area.Berlin] }, { geocodes: [{ valueName: 'ISO3166-2', value: 'DE-BE' }] }, { ...IN_BRANDENBURG, areaIds: [area.Bayern] }]) {
      expect(refusal(await postAlert(restricted.apiKey, elsewhere)).code).toBe('alert.area_not_permitted');
    }
    const after = ((await beacon.http.get('/api/v1/alerts').set(beacon.auth(ADMIN_KEY)).expect(200)).body as { alerts: unknown[] }).alerts.length;
    expect(after).toBe(before);
  });

  it('the same holds for a CAP import', async () => {
    const post = (xml: string) => beacon.http.post('/api/v1/alerts').set(beacon.auth(restricted.apiKey)).set('Content-Type', 'application/cap+xml').send(xml);
    expect(refusal(await post(capWithPolygon('munich-1', '48.1,11.5 48.1,11.7 48.2,11.7 48.2,11.5 48.1,11.5'))).code).toBe('alert.area_not_permitted');
    await post(capWithPolygon('oder-1', '52.3,13.9 52.3,14.2 52.5,14.2 52.5,13.9 52.3,13.9')).expect(201);
  });

  it('an edit may not move the area out, and submitting checks again under the current restriction', async () => {
    const created = (await postAlert(restricted.apiKey, IN_BRANDENBURG).expect(201)).body as { id: string };
    const edit = (alertArea: Area) => beacon.http.patch(`/api/v1/alerts/${created.id}`).set(beacon.auth(restricted.apiKey)).send({ area: alertArea });
    expect(refusal(await edit(ROUND_BERLIN)).code).toBe('alert.area_not_permitted');
    await edit(rectangle(13.95, 52.3, 14.25, 52.45)).expect(200);
    await setAreas(restricted.id, [area.Bayern]).expect(200);
    const submit = () => beacon.http.post(`/api/v1/alerts/${created.id}/submit`).set(beacon.auth(restricted.apiKey)).send({});
    expect(refusal(await submit()).code).toBe('alert.area_not_permitted');
    await setAreas(restricted.id, [area.Brandenburg, area.Berlin]).expect(200);
    await submit().expect(200);
    // Brandenburg and Berlin together cover the polygon round Berlin.
    await postAlert(restricted.apiKey, ROUND_BERLIN).expect(201);
  });

  it('an approver restricted to areas cannot approve an alert outside them', async () => {
    const created = (await postAlert(unrestricted, IN_BRANDENBURG).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${created.id}/submit`).set(beacon.auth(unrestricted)).send({}).expect(200);
    const refused = await approveAlert(beacon.http, beacon.auth(berlinApprover), created.id, 403);
    expect((refused.body as ErrorBody).error.code).toBe('alert.area_not_permitted');
    const approved = await approveAlert(beacon.http, beacon.auth(approver), created.id);
    expect((approved.body as { state: string }).state).toMatch(/dispatching|completed/);
  });

  it('an admin lifts a restriction with null, unknown ids are refused, and every change is audited', async () => {
    expect((await setAreas(restricted.id, [randomUUID()]).expect(400)).body).toMatchObject({ error: { code: 'operator.unknown_area' } });
    // The update DTO is checked like creation: an id that is not a UUID never reaches the lookup.
    expect((await setAreas(restricted.id, ['brandenburg']).expect(400)).body).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await setAreas(restricted.id, null).expect(200)).body).toMatchObject({ id: restricted.id, allowedAreaIds: null });
    await postAlert(restricted.apiKey, IN_BAVARIA).expect(201);
    await beacon.http.patch(`/api/v1/operators/${restricted.id}`).set(beacon.auth(restricted.apiKey)).send({ allowedAreaIds: null }).expect(403);
    const events = await beacon.http.get('/api/v1/audit/events').query({ action: 'operator.areas_changed', subjectId: restricted.id }).set(beacon.auth(ADMIN_KEY)).expect(200);
    const changes = (events.body as { events: { data: { to: string[] | null } }[] }).events.map((event) => event.data.to);
    expect(changes).toEqual([null, [area.Brandenburg, area.Berlin], [area.Bayern]]);
  });

  it('runs its database connections as the application role, which cannot rewrite the audit trail', async () => {
    const dataSource = beacon.app.get(DataSource);
    expect(await dataSource.query('SELECT current_user')).toEqual([{ current_user: 'beacon_app' }]);
    await expect(dataSource.query(`UPDATE audit_event SET actor = 'mallory' WHERE seq = 1`)).rejects.toMatchObject({ driverError: { code: '42501' } });
  });
});
