const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const BEARER = /(Bearer\s+)[\w.~+/=-]+/gi;
const API_KEY = /\bbk_[\w-]{8,}/g;

/** Removes phone numbers, emails and keys from free text before it reaches a log line. */
export function redact(text: string): string {
  return text
    .replace(BEARER, '$1[redacted]')
    .replace(API_KEY, '[key]')
    .replace(EMAIL, '[email]')
    .replace(PHONE, (match) => (match.replace(/\D/g, '').length >= 7 ? '[phone]' : match));
}
