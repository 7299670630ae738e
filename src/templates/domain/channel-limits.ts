/**
 * Provider limits the renderings respect (see docs/TEMPLATES.md for the sources).
 * WhatsApp Cloud API: a body text parameter may hold 32,768 characters when the body is the
 * template's only component and 1,024 otherwise, and no new-line or tab and no more than four
 * consecutive spaces (error 132018); Beacon keeps to 1,024 so a template may gain a header or buttons.
 */
export const WHATSAPP_PARAMETER_MAX = 1024;
/** Wireless Emergency Alerts: 90 characters for every handset, 360 for 4G/5G handsets. */
export const WEA_SHORT_MAX = 90;
export const WEA_LONG_MAX = 360;
/** CAP 1.2 advises a headline of less than 160 characters (it is what SMS-like devices show). */
export const CAP_HEADLINE_MAX = 160;
/** An SMS that needs more segments than this is likely to arrive late or in pieces on old handsets. */
export const SMS_SEGMENTS_ADVISED = 4;

/** Cuts to at most `max` characters (code points), at a word boundary when one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  const cut = characters.slice(0, max - 1).join('');
  const space = cut.search(/\s\S*$/);
  const trimmed = space > cut.length * 0.7 ? cut.slice(0, space) : cut;
  return `${trimmed.trimEnd()}…`;
}

export function characterCount(text: string): number {
  return [...text].length;
}
