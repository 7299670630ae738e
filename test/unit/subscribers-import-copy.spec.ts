import { describe, expect, it } from 'vitest';
import { copyArray, copyField, copyRow } from '../../src/subscribers/import/copy-text.js';
import { TimeOrderedIds } from '../../src/subscribers/import/time-ordered-id.js';

describe('COPY text fields for the bulk import', () => {
  it('escapes what COPY reads specially, and writes NULL as \\N', () => {
    expect(copyField('plain')).toBe('plain');
    expect(copyField('tab\there\nnew\\line\r')).toBe('tab\\there\\nnew\\\\line\\r');
    expect(copyField(null)).toBe('\\N');
  });

  it('writes arrays with quoted elements and NULL elements, escaped twice where needed', () => {
    expect(copyArray([])).toBe('{}');
    expect(copyArray(['home', null, 'a "quoted", {braced} label'])).toBe('{"home",NULL,"a \\\\"quoted\\\\", {braced} label"}');
    expect(copyArray(['back\\slash'])).toBe('{"back\\\\\\\\slash"}');
    expect(copyRow(['1', '\\N'])).toBe('1\t\\N\n');
  });
});

describe('time-ordered subscriber ids (UUID version 7)', () => {
  it('are valid, unique and in the order they were made, many in one millisecond included', () => {
    let now = 1_764_000_000_000;
    const ids = new TimeOrderedIds(() => now);
    const made = Array.from({ length: 10_000 }, (_, k) => {
      if (k === 6000) now += 5;
      return ids.next();
    });
    expect(made.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    expect(made[0]!.startsWith('019ab697-e800-7000')).toBe(true);
  });
});
