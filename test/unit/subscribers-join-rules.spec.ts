import { describe, expect, it } from 'vitest';
import { matchArea, normalizeAreaName, type AreaCandidate } from '../../src/subscribers/optin/join.rules.js';

const area = (id: string, key: string, name: string, geocodes: AreaCandidate['geocodes'] = []): AreaCandidate => ({ id, key, name, geocodes });
const LIBRARY = [
  area('bw', 'de-bw', 'Baden-Württemberg', [{ valueName: 'ISO3166-2', value: 'DE-BW' }]),
  area('by', 'de-by', 'Bayern', [{ valueName: 'ISO3166-2', value: 'DE-BY' }]),
  area('of2', 'kreis-offenbach', 'Offenbach', [{ valueName: 'POSTCODE', value: '63065' }]),
  area('of1', 'stadt-offenbach', 'Offenbach'),
];

describe('JOIN: which area a message names', () => {
  it.each([
    ['baden-wurttemberg', 'bw'],
    ['  BADEN WÜRTTEMBERG! ', 'bw'],
    ['de-by', 'by'],
    ['DE BY', 'by'],
    ['bayern', 'by'],
    ['63065', 'of2'],
    ['stadt-offenbach', 'of1'],
  ])('%s -> %s', (text, id) => {
    expect(matchArea(LIBRARY, text)?.id).toBe(id);
  });

  it('picks one of several areas of a name the same way every time', () => {
    expect(matchArea(LIBRARY, 'Offenbach')?.id).toBe('of2');
    expect(matchArea([...LIBRARY].reverse(), 'offenbach')?.id).toBe('of2');
  });

  it('finds nothing for an unknown or empty name', () => {
    expect(matchArea(LIBRARY, 'Atlantis')).toBeUndefined();
    expect(matchArea(LIBRARY, ' !? ')).toBeUndefined();
  });

  it('normalises case, accents, punctuation and spacing', () => {
    expect(normalizeAreaName('  Köln–Bonn  ')).toBe('koln bonn');
  });
});
