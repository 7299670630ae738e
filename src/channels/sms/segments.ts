/**
 * SMS segment counting (3GPP TS 23.038 / 23.040). A text that fits the GSM 7-bit default alphabet
 * (with its extension table, whose characters take two septets) is sent as GSM-7: 160 septets in
 * one segment, 153 per segment when concatenated. Anything else goes as UCS-2: 70 UTF-16 units in
 * one segment, 67 when concatenated, and a surrogate pair is never split across segments. Pure.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Units left in the last segment. */
  remaining: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC.replace('\u001b', ''));
const EXTENDED = new Set(GSM_EXTENDED);

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENDED.has(char)) return false;
  return true;
}

/** Units of each character in order: septets for GSM-7, UTF-16 code units for UCS-2. */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  return [...text].map((char) => (encoding === 'GSM-7' ? (EXTENDED.has(char) ? 2 : 1) : char.length));
}

export function countSegments(text: string): SegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const units = unitsOf(text, encoding);
  const total = units.reduce((sum, unit) => sum + unit, 0);
  const { single, multi } = LIMITS[encoding];
  if (total <= single) return { encoding, segments: text === '' ? 0 : 1, units: total, remaining: single - total };
  // Characters never straddle two segments (an escape pair or a surrogate pair stays whole).
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > multi) {
      segments++;
      used = 0;
    }
    used += unit;
  }
  return { encoding, segments, units: total, remaining: multi - used };
}

/**
 * The text cut to at most `maxSegments` segments, ending with "..." when cut (plain dots, so a
 * GSM-7 text stays GSM-7). An alert must go out even when it is long: cutting beats refusing.
 */
export function fitToSegments(text: string, maxSegments: number): { text: string; truncated: boolean; count: SegmentCount } {
  const count = countSegments(text);
  if (count.segments <= maxSegments) return { text, truncated: false, count };
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (countSegments(`${chars.slice(0, mid).join('').trimEnd()}...`).segments <= maxSegments) low = mid;
    else high = mid - 1;
  }
  const cut = `${chars.slice(0, low).join('').trimEnd()}...`;
  return { text: cut, truncated: true, count: countSegments(cut) };
}
