// E.164 and plain digit runs (wa_id), or a + number written with spaces; dates and ids are left alone.
const PHONE = /(?<![\w.:-])(\+?\d{7,15}|\+\d{1,3}(?: \d{2,5}){2,5})(?![\w-])/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const BEARER = /(Bearer\s+)[\w.~+/=-]+/gi;
const API_KEY = /\bbk_[\w-]{8,}/g;

/** Removes phone numbers, emails and keys from free text before it reaches a log line. */
export function redact(text: string): string {
  return text
    .replace(BEARER, '$1[redacted]')
    .replace(API_KEY, '[key]')
    .replace(EMAIL, '[email]')
    .replace(PHONE, '[phone]');
}
