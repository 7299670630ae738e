/**
 * The short notice a Cancel message sends when the operator gives no text of their own: in the
 * language of each of the earlier alert's texts, quoting the start of that text so that people who got
 * several alerts know which one is withdrawn.
 */
const NOTICES: Record<string, (subject: string) => string> = {
  en: (subject) => `CANCELLED: the alert "${subject}" sent earlier is cancelled. Disregard it.`,
  es: (subject) => `CANCELADA: la alerta «${subject}» enviada anteriormente queda cancelada. No la tenga en cuenta.`,
  // French puts a no-break space before the colon and inside the guillemets.
  fr: (subject) => `ANNULÉE\u00a0: l’alerte «\u00a0${subject}\u00a0» envoyée précédemment est annulée. N’en tenez plus compte.`,
  pt: (subject) => `CANCELADO: o alerta «${subject}» enviado anteriormente foi cancelado. Desconsidere-o.`,
  // The quoted text may be in Latin script: isolated (FSI ... PDI) so it cannot reorder the Arabic around it.
  ar: (subject) => `إلغاء: أُلغي التنبيه «\u2068${subject}\u2069» الذي أُرسل سابقًا. يُرجى عدم الأخذ به.`,
};

const SUBJECT_MAX = 80;

/** Languages with a notice of their own; any other gets the English one. */
export const NOTICE_LANGUAGES = Object.keys(NOTICES);

/** One notice per language of the earlier alert's texts. */
export function cancelNotices(earlierTexts: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(earlierTexts).map(([language, text]) => {
      const notice = NOTICES[language.split('-')[0]!.toLowerCase()] ?? NOTICES.en!;
      return [language, notice(subjectOf(text))];
    }),
  );
}

/** The first line of a text, cut at a word to at most 80 characters. */
export function subjectOf(text: string): string {
  const line = (text.split('\n').find((part) => part.trim() !== '') ?? text).trim();
  const characters = [...line];
  if (characters.length <= SUBJECT_MAX) return line;
  const cut = characters.slice(0, SUBJECT_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > SUBJECT_MAX / 2 ? cut.slice(0, space) : cut}…`;
}

/** The headline of a Cancel message. */
export function cancelHeadline(headline: string): string {
  const text = `Cancelled: ${headline}`;
  const characters = [...text];
  return characters.length <= 160 ? text : `${characters.slice(0, 159).join('')}…`;
}
