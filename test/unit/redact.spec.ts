import { describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/common/json-logger.js';
import { redact } from '../../src/common/redact.js';

describe('redaction', () => {
  it.each([
    ['sent to +447700900123', 'sent to [phone]'],
    ['to=15551234567 ok', 'to=[phone] ok'],
    ['mail ana.silva+x@example.org now', 'mail [email] now'],
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer [redacted]'],
    ['key bk_AbCdEf0123456789xyz', 'key [key]'],
    ['at 2026-11-25T10:00:00Z, 12 rows', 'at 2026-11-25T10:00:00Z, 12 rows'],
  ])('%s -> %s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it('applies to every log line', () => {
    const lines: string[] = [];
    new JsonLogger('debug', (line) => lines.push(line)).log('delivered to +33612345678', 'Test');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', context: 'Test', msg: 'delivered to [phone]' });
  });
});
