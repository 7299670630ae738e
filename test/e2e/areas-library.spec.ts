import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { join } from 'node:path';
import { approveAlert } from '../support/alerts.js';

const DATA = join(SHARED_DATA, 'areas');

interface ImportResponse {
  imported: number;
  updated: number;
  errors: { index: number; name: string | null; reason: string }[];
}

interface AreaSummary {
  id: string;
  name: string;
  kind: string;
  geocodes: { valueName: string; value: string }[];
}

describe('areas library', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  let states: Buffer;

  const findArea = async (name: string) => {
    const response = await beacon.http.get('/api/v1/areas').query({ name }).set(beacon.auth(operator)).expect(200);
    return (response.body as { areas: AreaSummary[] }).areas.find((area) => area.name === name)!;
  };

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    operator = await beacon.createOperator('Dana Operator', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    states = await readFile(`${DATA}/isellsoap_2_bundeslaender_3_mittel.geo.json`);
  });
  afterAll(() => beacon.close());

  it('imports the 16 German states with ISO 3166-2 geocodes, and a re-import updates in place', async () => {
    const first = await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(states.toString('utf8')).expect(200);
    expect(first.body).toEqual({ imported: 16, updated: 0, errors: [] });
    const again = await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(states.toString('utf8')).expect(200);
    expect(again.body).toEqual({ imported: 0, updated: 16, errors: [] });
    const bavaria = await findArea('Bayern');
    expect(bavaria).toMatchObject({ kind: 'State', geocodes: [{ valueName: 'ISO3166-2', value: 'DE-BY' }] });
  });

  it('streams the 434 districts (larger than the JSON body limit) as application/geo+json, with GADM geocodes', async () => {
    const districts = await readFile(`${DATA}/isellsoap_4_kreise_4_niedrig.geo.json`);
    const response = await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).set('Content-Type', 'application/geo+json').send(districts.toString('utf8')).expect(200);
    expect(response.body).toEqual({ imported: 434, updated: 0, errors: [] });
    const oldenburg = await findArea('Oldenburg');
    expect(oldenburg).toMatchObject({ kind: 'Rural district', geocodes: [{ valueName: 'GADM', value: 'DEU.9.23.244' }] });
  });

  it('reports bad features by index and keeps the good ones', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Good square', NUTS: 'XX1' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } },
        { type: 'Feature', properties: { name: 'Open ring' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
      ],
    };
    const response = await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).send(collection).expect(200);
    const body = response.body as ImportResponse;
    expect(body.imported).toBe(1);
    expect(body.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(body.errors[0]!.reason).toMatch(/must end with its first position/);
    const refused = await beacon.http.post('/api/v1/areas/import').set(beacon.auth(ADMIN_KEY)).send({ type: 'Feature' }).expect(400);
    expect(refused.body).toMatchObject({ error: { code: 'area.invalid_feature_collection' } });
    await beacon.http.post('/api/v1/areas/import').set(beacon.auth(operator)).send(collection).expect(403);
  });

  it('a subscriber following a region is reached by an alert whose area intersects it, and by geocode', async () => {
    const bremen = await findArea('Bremen');
    const follower = subscriberBody([], { regions: [bremen.id] });
    const created = await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(follower).expect(201);
    const followerId = (created.body as { id: string }).id;
    // A small circle in the city of Bremen, and one far away in Bavaria.
    const inBremen = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { circles: [{ lat: 53.08, lon: 8.8, radiusKm: 3 }] } }).expect(200);
    expect(inBremen.body).toMatchObject({ total: 1, byRegion: [{ id: bremen.id, name: 'Bremen', count: 1 }] });
    const inBavaria = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { circles: [{ lat: 48.1, lon: 11.6, radiusKm: 3 }] } }).expect(200);
    expect(inBavaria.body).toMatchObject({ total: 0 });
    const byGeocode = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { geocodes: [{ valueName: 'ISO3166-2', value: 'DE-HB' }] } }).expect(200);
    expect(byGeocode.body).toMatchObject({ total: 1 });
    const unknown = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area: { geocodes: [{ valueName: 'NUTS', value: 'NOPE' }] } }).expect(400);
    expect(unknown.body).toMatchObject({ error: { code: 'area.unknown_named_area' } });

    // The freeze at approval reaches the follower too.
    const alert = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody({ area: { circles: [{ lat: 53.08, lon: 8.8, radiusKm: 3 }] } })).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    const approved = await approveAlert(beacon.http, beacon.auth(approver), alert.id);
    expect((approved.body as { progress: { targeted: number } }).progress.targeted).toBe(1);
    expect(followerId).toBeTruthy();
  });

  it('an alert area may name library areas by id or geocode; they join the union', async () => {
    const bremen = await findArea('Bremen');
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 53.08, lon: 8.8 }])).expect(201);
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 48.14, lon: 11.58 }])).expect(201);
    const area = { areaIds: [bremen.id], geocodes: [{ valueName: 'ISO3166-2', value: 'DE-BY' }] };
    const reach = await beacon.http.post('/api/v1/audience/preview').set(beacon.auth(operator)).send({ area }).expect(200);
    // The Bremen follower of the previous test, the person located in Bremen, the one in Munich.
    expect(reach.body).toMatchObject({ total: 3 });
    const alert = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody({ area })).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    const approved = await approveAlert(beacon.http, beacon.auth(approver), alert.id);
    expect((approved.body as { progress: { targeted: number } }).progress.targeted).toBe(3);
    const unknown = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody({ area: { areaIds: ['8f1c1a3e-1d2b-4c5d-9e8f-0a1b2c3d4e5f'] } })).expect(400);
    expect(unknown.body).toMatchObject({ error: { code: 'area.unknown_named_area' } });
  });
});
