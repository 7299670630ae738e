/**
 * Live versus exercise: every message of an Exercise or Test alert opens with a marker line in the
 * message's own language, so nobody mistakes a drill for the real thing (Hawaii, 13 January 2018).
 */
type MarkedStatus = 'Exercise' | 'Test';

const MARKERS: Record<string, Record<MarkedStatus, string>> = {
  en: { Exercise: 'EXERCISE - EXERCISE - EXERCISE', Test: 'TEST - TEST - TEST' },
  es: { Exercise: 'SIMULACRO - SIMULACRO - SIMULACRO', Test: 'PRUEBA - PRUEBA - PRUEBA' },
  fr: { Exercise: 'EXERCICE - EXERCICE - EXERCICE', Test: 'TEST - TEST - TEST' },
  pt: { Exercise: 'EXERCÍCIO - EXERCÍCIO - EXERCÍCIO', Test: 'TESTE - TESTE - TESTE' },
  // Arabic only, on a line of its own: its first strong character makes the line right-to-left and the
  // hyphens between Arabic words resolve right-to-left too, so no isolate or mark is needed.
  ar: { Exercise: 'تمرين - تمرين - تمرين', Test: 'اختبار - اختبار - اختبار' },
};

const FALLBACK = 'en';

function isMarked(status: string): status is MarkedStatus {
  return status === 'Exercise' || status === 'Test';
}

/** The marker line for a status and a BCP 47 language (pt-BR -> pt; unknown -> English); null for Actual. */
export function statusMarker(status: string, language: string): string | null {
  if (!isMarked(status)) return null;
  const markers = MARKERS[language.toLowerCase()] ?? MARKERS[language.split('-')[0]!.toLowerCase()] ?? MARKERS[FALLBACK]!;
  return markers[status];
}

/** The texts as they go out: unchanged for Actual, each behind its marker line for Exercise and Test. */
export function markTexts(texts: Readonly<Record<string, string>>, status: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(texts).map(([language, text]) => {
      const marker = statusMarker(status, language);
      return [language, marker === null ? text : `${marker}\n${text}`];
    }),
  );
}

/** A one-line title (the email subject) as it goes out: behind the marker of `language` for Exercise and Test. */
export function markSubject(subject: string, status: string, language: string): string {
  const marker = statusMarker(status, language);
  return marker === null ? subject : `${marker}: ${subject}`;
}
