import { describe, expect, it } from 'vitest';
import { countSmsSegments } from '../../src/templates/domain/sms-segments.js';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'ж'.repeat(n);

describe('SMS segment count', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['one character', 'a', 'GSM-7', 1, 1],
    ['160 GSM-7 characters fit one SMS', gsm(160), 'GSM-7', 160, 1],
    ['161 GSM-7 characters need two (153 each)', gsm(161), 'GSM-7', 161, 2],
    ['306 GSM-7 characters fit two', gsm(306), 'GSM-7', 306, 2],
    ['307 GSM-7 characters need three', gsm(307), 'GSM-7', 307, 3],
    ['the basic table (accents, Greek capitals, @ £ ¥ §) stays GSM-7', 'Café à Zürich: ÄÖÑÜ äöñü èéùìò Ç ΔΦΓΛΩΠΨΣΘΞ @£$¥§¿¡', 'GSM-7', 51, 1],
    ['extension characters count two septets', '€[]{}', 'GSM-7', 10, 1],
    ['80 euro signs are 160 septets: one SMS', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs need two segments', '€'.repeat(81), 'GSM-7', 162, 2],
    ['an escape pair never straddles two segments', `${gsm(152)}€${gsm(10)}`, 'GSM-7', 164, 2],
    ['an escape pair at the boundary moves to the next segment', `${gsm(152)}€${gsm(153)}`, 'GSM-7', 307, 3],
    ['70 UCS-2 characters fit one SMS', ucs(70), 'UCS-2', 70, 1],
    ['71 UCS-2 characters need two (67 each)', ucs(71), 'UCS-2', 71, 2],
    ['134 UCS-2 characters fit two', ucs(134), 'UCS-2', 134, 2],
    ['135 UCS-2 characters need three', ucs(135), 'UCS-2', 135, 3],
    ['one non-GSM character turns the whole text UCS-2', `${gsm(69)}’`, 'UCS-2', 70, 1],
    ['ç (lower case) is not GSM-7', 'ação', 'UCS-2', 4, 1],
    ['Arabic is UCS-2', 'غادروا الآن', 'UCS-2', 11, 1],
    ['an emoji is a surrogate pair: two units', '⚠️🌊', 'UCS-2', 4, 1],
    ['a surrogate pair never straddles two segments', `${ucs(66)}🌊${ucs(10)}`, 'UCS-2', 78, 2],
    ['a surrogate pair at the boundary moves to the next segment', `${ucs(66)}🌊${ucs(67)}`, 'UCS-2', 135, 3],
  ] as const)('%s', (_name, text, encoding, units, segments) => {
    const result = countSmsSegments(text);
    expect(result.encoding).toBe(encoding);
    expect(result.units).toBe(units);
    expect(result.segments).toBe(segments);
  });

  it('names the characters that force UCS-2', () => {
    expect(countSmsSegments('Don’t go “outside”').nonGsmCharacters).toEqual(['’', '“', '”']);
    expect(countSmsSegments('plain').nonGsmCharacters).toEqual([]);
  });

  it('reports the per-segment capacity of the encoding in use', () => {
    expect(countSmsSegments(gsm(10)).perSegment).toBe(160);
    expect(countSmsSegments(gsm(200)).perSegment).toBe(153);
    expect(countSmsSegments(ucs(10)).perSegment).toBe(70);
    expect(countSmsSegments(ucs(100)).perSegment).toBe(67);
  });
});
