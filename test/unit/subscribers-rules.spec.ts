import { describe, expect, it } from 'vitest';
import { ImportRowReader } from '../../src/subscribers/import/import-row.js';
import { numberedLines, splitCsv } from '../../src/subscribers/import/lines.js';
import { codeMatches, confirmStep, hashCode, newCode } from '../../src/subscribers/optin/optin.rules.js';
import { optOutStep } from '../../src/subscribers/subscriber.rules.js';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('STOP / START', () => {
  it.each([
    ['active', 'stop', 'apply'],
    ['stopped', 'stop', 'noop'],
    ['stopped', 'start', 'apply'],
    ['active', 'start', 'noop'],
    ['erased', 'stop', 'refuse'],
    ['erased', 'start', 'refuse'],
  ] as const)('%s + %s -> %s', (status, change, expected) => {
    expect(optOutStep(status, change)).toBe(expected);
  });
});

describe('import lines', () => {
  async function* chunks(...parts: string[]) {
    for (const part of parts) yield await Promise.resolve(Buffer.from(part));
  }

  it('splits chunks into numbered lines across chunk borders, CRLF included, multi-byte characters intact', async () => {
    const euro = Buffer.from('€');
    async function* split() {
      yield await Promise.resolve(Buffer.concat([Buffer.from('a,b\r\nc'), euro.subarray(0, 1)]));
      yield Buffer.concat([euro.subarray(1), Buffer.from('\n\nlast')]);
    }
    const lines = [];
    for await (const line of numberedLines(split())) lines.push(line);
    expect(lines).toEqual([{ line: 1, text: 'a,b' }, { line: 2, text: 'c€' }, { line: 3, text: '' }, { line: 4, text: 'last' }]);
    const single = [];
    for await (const line of numberedLines(chunks('x\n'))) single.push(line.text);
    expect(single).toEqual(['x']);
  });

  it('reads quoted CSV fields', () => {
    expect(splitCsv('a, "b, c" ,"say ""hi"""')).toEqual(['a', 'b, c', 'say "hi"']);
    expect(splitCsv('"open')).toBe('unterminated quoted field');
  });
});

describe('import rows', () => {
  const header = 'phone,language,channels,locations,tags,consent_source,consent_at';

  it('reads a CSV row with several locations and lists', () => {
    const reader = new ImportRowReader('csv', NOW);
    expect(reader.read(1, header)).toEqual({ skip: true });
    expect(reader.read(2, '+491510000001,de,sms|whatsapp,50.1 8.6 home;51 9,needs-assistance,paper,2026-10-01T10:00:00Z')).toEqual({
      row: {
        line: 2,
        phone: '+491510000001',
        email: null,
        language: 'de',
        channels: ['sms', 'whatsapp'],
        tags: ['needs-assistance'],
        consentSource: 'paper',
        consentAt: new Date('2026-10-01T10:00:00Z'),
        locations: [
          { lat: 50.1, lon: 8.6, label: 'home', position: '(8.6,50.1)' },
          { lat: 51, lon: 9, label: null, position: '(9,51)' },
        ],
      },
    });
  });

  it.each([
    ['+49151,de,whatsapp,50 8,,paper,2026-10-01T10:00:00Z', /E\.164/],
    ['+491510000001,DE!,whatsapp,50 8,,paper,2026-10-01T10:00:00Z', /BCP 47/],
    ['+491510000001,de,fax,50 8,,paper,2026-10-01T10:00:00Z', /channels/],
    ['+491510000001,de,whatsapp,,,paper,2026-10-01T10:00:00Z', /locations/],
    ['+491510000001,de,whatsapp,50 181,,paper,2026-10-01T10:00:00Z', /lon within/],
    ['+491510000001,de,whatsapp,50 8,Bad Tag,paper,2026-10-01T10:00:00Z', /tags/],
    ['+491510000001,de,whatsapp,50 8,,paper,yesterday', /ISO 8601/],
    ['+491510000001,de,whatsapp,50 8,,paper,2027-01-01T00:00:00Z', /future/],
    ['+491510000001,de,whatsapp', /expected 7 fields/],
  ])('refuses %s', (line, reason) => {
    const reader = new ImportRowReader('csv', NOW);
    reader.read(1, header);
    const result = reader.read(2, line);
    expect('error' in result && result.error).toMatch(reason);
  });

  it('reads a row with an email and no phone (the email domain in lower case); refuses a row with neither', () => {
    const reader = new ImportRowReader('csv', NOW);
    reader.read(1, 'phone,email,language,channels,locations,consent_source,consent_at');
    expect(reader.read(2, ',Ana@Example.ORG,pt,email,38.7 -9.1,paper,2026-10-01T10:00:00Z')).toMatchObject({ row: { phone: null, email: 'Ana@example.org', channels: ['email'] } });
    expect(reader.read(3, ',,pt,email,38.7 -9.1,paper,2026-10-01T10:00:00Z')).toEqual({ error: 'give a phone or an email' });
    expect(reader.read(4, ',ana@,pt,email,38.7 -9.1,paper,2026-10-01T10:00:00Z')).toEqual({ error: expect.stringMatching(/email must be an email address/) as string });
    expect(new ImportRowReader('csv', NOW).read(1, 'language,channels,locations,consent_source,consent_at')).toEqual({ error: 'the header lacks phone or email' });
  });

  it('refuses a CSV header without the required columns', () => {
    expect(new ImportRowReader('csv', NOW).read(1, 'phone,language')).toEqual({ error: expect.stringMatching(/lacks channels, consent_source, consent_at, lat, lon or locations/) as string });
  });
});

describe('opt-in codes', () => {
  it('pads codes to six digits and matches only the right code for the right attempt', () => {
    expect(newCode(() => 42)).toBe('000042');
    const stored = hashCode('attempt-1', '123456');
    expect(codeMatches('attempt-1', '123456', stored)).toBe(true);
    expect(codeMatches('attempt-1', '123457', stored)).toBe(false);
    expect(codeMatches('attempt-2', '123456', stored)).toBe(false);
  });

  it('counts wrong codes and locks at the fifth; refuses expired, locked and confirmed attempts', () => {
    const pending = { state: 'pending', wrongCodes: 0, expiresAt: new Date(NOW.getTime() + 60_000) };
    expect(confirmStep(pending, true, NOW)).toEqual({ kind: 'confirm' });
    expect(confirmStep(pending, false, NOW)).toEqual({ kind: 'wrong', wrongCodes: 1, locked: false });
    expect(confirmStep({ ...pending, wrongCodes: 4 }, false, NOW)).toEqual({ kind: 'wrong', wrongCodes: 5, locked: true });
    expect(confirmStep({ ...pending, expiresAt: NOW }, true, NOW)).toEqual({ kind: 'refuse', reason: 'expired' });
    expect(confirmStep({ ...pending, state: 'locked' }, true, NOW)).toEqual({ kind: 'refuse', reason: 'locked' });
    expect(confirmStep({ ...pending, state: 'confirmed' }, true, NOW)).toEqual({ kind: 'refuse', reason: 'not_pending' });
  });
});
