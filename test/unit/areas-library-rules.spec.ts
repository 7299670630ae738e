import { describe, expect, it } from 'vitest';
import { readFeatureCollection } from '../../src/areas/library/area-import.js';
import { areaKey, areasIntersect, boundingBox, featureIdentity } from '../../src/areas/library/area-library.rules.js';
import { splitAreaInput } from '../../src/areas/library/area-reference.js';
import { normalizeArea } from '../../src/areas/validate-area.js';

const square = (x: number, y: number, size: number) =>
  normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] }] });

describe('feature identity', () => {
  it.each([
    [{ id: 'DE-BW', name: 'Baden-Württemberg', type: 'State' }, { name: 'Baden-Württemberg', kind: 'State', geocodes: [{ valueName: 'ISO3166-2', value: 'DE-BW' }] }],
    [
      { ISO: 'DEU', ID_1: 9, NAME_1: 'Niedersachsen', ID_2: 23, ID_3: 244, NAME_3: 'Oldenburg', ENGTYPE_3: 'Rural district' },
      { name: 'Oldenburg', kind: 'Rural district', geocodes: [{ valueName: 'GADM', value: 'DEU.9.23.244' }] },
    ],
    [{ ctry19cd: 'E92000001', ctry19nm: 'England' }, { name: 'England', kind: 'area', geocodes: [{ valueName: 'GSS', value: 'E92000001' }] }],
    [{ name: 'Basin', NUTS: 'DE21', geocodes: [{ valueName: 'SAME', value: '006037' }] }, { name: 'Basin', kind: 'area', geocodes: [{ valueName: 'SAME', value: '006037' }, { valueName: 'NUTS', value: 'DE21' }] }],
  ])('reads %j', (properties, expected) => {
    expect(featureIdentity(properties, 'area')).toEqual(expected);
  });

  it('needs a name; keys by the first geocode, else by kind and name', () => {
    expect(featureIdentity({ NUTS: 'DE1' }, 'area')).toMatch(/no name/);
    expect(areaKey({ name: 'X', kind: 'county', geocodes: [] })).toBe('name:county:X');
    expect(areaKey({ name: 'X', kind: 'county', geocodes: [{ valueName: 'NUTS', value: 'DE1' }] })).toBe('NUTS:DE1');
  });
});

describe('reading a FeatureCollection', () => {
  it('keeps good features and reports bad and duplicate ones by index', () => {
    const feature = (name: string, coordinates: number[][][]) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates } });
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
    const { areas, problems } = readFeatureCollection({ type: 'FeatureCollection', features: [feature('A', [ring]), feature('B', [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]), feature('A', [ring]), 7] }, 'area');
    expect(areas.map((a) => [a.name, a.vertices, a.bbox])).toEqual([['A', 3, { minLon: 0, minLat: 0, maxLon: 1, maxLat: 1 }]]);
    expect(problems.map((p) => [p.index, p.reason.slice(0, 20)])).toEqual([[1, 'polygons[0].coordina'], [2, 'duplicate key name:a'], [3, 'not a GeoJSON Featur']]);
  });
});

describe('area intersection (bounding boxes plus a vertex inside either)', () => {
  it.each([
    ['overlapping corners', square(0, 0, 2), square(1, 1, 2), true],
    ['one inside the other', square(0, 0, 10), square(4, 4, 1), true],
    ['touching along an edge', square(0, 0, 1), square(1, 0, 1), true],
    ['apart', square(0, 0, 1), square(3, 3, 1), false],
    ['boxes overlap, shapes apart', normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [0, 4], [0, 0]]] }] }), square(3, 3, 1), false],
  ])('%s', (_name, a, b, expected) => {
    expect(areasIntersect(a, b)).toBe(expected);
    expect(areasIntersect(b, a)).toBe(expected);
  });

  it('boxes every outer ring', () => {
    expect(boundingBox({ parts: [...square(0, 0, 1).parts, ...square(5, -3, 1).parts] })).toEqual({ minLon: 0, minLat: -3, maxLon: 6, maxLat: 1 });
  });
});

describe('named areas in an area input', () => {
  it('takes areaIds and geocodes out and leaves the shapes', () => {
    const id = '8f1c1a3e-1d2b-4c5d-9e8f-0a1b2c3d4e5f';
    expect(splitAreaInput({ areaIds: [id], geocodes: [{ valueName: 'NUTS', value: 'DE1' }] })).toEqual({ areaIds: [id], geocodes: [{ valueName: 'NUTS', value: 'DE1' }], shapes: {}, hasShapes: false });
    expect(splitAreaInput({ circles: [{ lat: 1, lon: 2, radiusKm: 3 }], areaIds: [id] }).hasShapes).toBe(true);
    expect(splitAreaInput({}).hasShapes).toBe(true);
    expect(() => splitAreaInput({ areaIds: ['nope'] })).toThrow(/areaIds\[0\] must be an area id/);
    expect(() => splitAreaInput({ geocodes: [{ valueName: 'NUTS' }] })).toThrow(/geocodes\[0\]/);
  });
});
