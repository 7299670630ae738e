/**
 * Recognises the keywords people send back: STOP, START, JOIN <area>, HELP, SAFE, in English,
 * Spanish, French, Portuguese and Arabic, whatever the case, accents or punctuation. Pure.
 */
export const KEYWORDS = ['stop', 'start', 'join', 'help', 'safe'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const KEYWORD_LANGUAGES = ['en', 'es', 'fr', 'pt', 'ar'] as const;
export type KeywordLanguage = (typeof KEYWORD_LANGUAGES)[number];

export interface RecognisedKeyword {
  keyword: Keyword;
  /** The language the keyword was written in (the subscriber's own when the word is shared). */
  language: KeywordLanguage;
  /** What follows JOIN: the area's name, as written. */
  argument?: string;
}

/** Words per keyword and language, written without accents; Arabic as normalised by `normalizeText`. */
export const KEYWORD_TABLE: Readonly<Record<KeywordLanguage, Readonly<Record<Keyword, readonly string[]>>>> = {
  en: {
    stop: ['stop', 'unsubscribe', 'stopall', 'cancel', 'end', 'quit'],
    start: ['start', 'unstop', 'subscribe', 'resume'],
    join: ['join'],
    help: ['help', 'sos', 'need help', 'help me'],
    safe: ['safe', 'i am safe', 'im safe', 'i m safe', 'ok'],
  },
  es: {
    stop: ['parar', 'alto', 'baja', 'detener', 'cancelar'],
    start: ['iniciar', 'alta', 'empezar', 'comenzar', 'reanudar'],
    join: ['unirse', 'unir', 'suscribir'],
    help: ['ayuda', 'socorro', 'auxilio', 'necesito ayuda'],
    safe: ['a salvo', 'seguro', 'segura', 'estoy bien', 'estoy a salvo', 'bien'],
  },
  fr: {
    stop: ['arret', 'arreter', 'desabonner', 'stop'],
    start: ['demarrer', 'commencer', 'reprendre', 'abonner'],
    join: ['rejoindre', 'inscrire'],
    help: ['aide', 'au secours', 'secours', 'a l aide', 'besoin d aide'],
    safe: ['en securite', 'sauf', 'sain et sauf', 'saine et sauve', 'je suis en securite', 'ca va'],
  },
  pt: {
    stop: ['parar', 'sair', 'cancelar'],
    start: ['iniciar', 'comecar', 'voltar', 'retomar'],
    join: ['entrar', 'juntar', 'aderir'],
    help: ['ajuda', 'socorro', 'preciso de ajuda'],
    safe: ['seguro', 'segura', 'a salvo', 'estou bem', 'estou seguro', 'estou segura', 'bem'],
  },
  ar: {
    stop: ['توقف', 'ايقاف', 'الغاء', 'قف'],
    start: ['ابدا', 'بدء', 'استئناف', 'اشتراك'],
    join: ['انضم', 'انضمام'],
    help: ['مساعده', 'النجده', 'ساعدني', 'نجده'],
    safe: ['امن', 'بامان', 'انا بخير', 'انا امن', 'بخير', 'سالم'],
  },
};

const ARABIC_FOLDS: readonly [RegExp, string][] = [
  [/[\u0622\u0623\u0625\u0671]/g, '\u0627'], // alef with madda / hamza / wasla -> bare alef
  [/\u0629/g, '\u0647'], // taa marbuta -> haa
  [/\u0649/g, '\u064A'], // alef maqsura -> yaa
  [/\u0640/g, ''], // tatweel
];

/** Lower case, no accents (Latin diacritics and Arabic harakat), letters and digits separated by single spaces. */
export function normalizeText(text: string): string {
  let folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const [pattern, replacement] of ARABIC_FOLDS) folded = folded.replace(pattern, replacement);
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Entry {
  words: string[];
  keyword: Keyword;
  language: KeywordLanguage;
}

/** Every phrase, longest first, so "estoy a salvo" wins over "estoy". */
const ENTRIES: readonly Entry[] = KEYWORD_LANGUAGES.flatMap((language) =>
  KEYWORDS.flatMap((keyword) => KEYWORD_TABLE[language][keyword].map((phrase) => ({ words: normalizeText(phrase).split(' '), keyword, language }))),
).sort((a, b) => b.words.length - a.words.length);

/**
 * The keyword a message starts with. JOIN takes the rest as its argument and needs one; the other
 * keywords must be the whole message (so "stop the water" is not an opt-out). When a word exists
 * in several languages (PARAR, SOCORRO), the subscriber's language wins, then the table order.
 */
export function recognizeKeyword(text: string, preferredLanguage?: string): RecognisedKeyword | undefined {
  const normalized = normalizeText(text);
  if (normalized === '') return undefined;
  const words = normalized.split(' ');
  const preferred = baseLanguage(preferredLanguage);
  let best: Entry | undefined;
  for (const entry of ENTRIES) {
    if (!matches(entry, words)) continue;
    if (best === undefined || entry.words.length > best.words.length) best = entry;
    else if (entry.words.length === best.words.length && entry.language === preferred && best.language !== preferred) best = entry;
  }
  if (!best) return undefined;
  if (best.keyword !== 'join') return { keyword: best.keyword, language: best.language };
  const argument = originalTail(text, best.words.length);
  return argument === '' ? undefined : { keyword: 'join', language: best.language, argument };
}

function matches(entry: Entry, words: readonly string[]): boolean {
  if (entry.keyword === 'join' ? words.length <= entry.words.length : words.length !== entry.words.length) return false;
  return entry.words.every((word, i) => words[i] === word);
}

/** The message after its first `count` words, with its original spelling. */
function originalTail(text: string, count: number): string {
  let end = 0;
  let seen = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (seen === count) break;
    end = match.index + match[0].length;
    seen++;
  }
  return text.slice(end).replace(/^[^\p{L}\p{N}]+/u, '').trim();
}

export function baseLanguage(language: string | undefined): string {
  return (language ?? '').split(/[-_]/)[0]!.toLowerCase();
}

/** The subscriber's language when Beacon speaks it, else the keyword's, else English. */
export function replyLanguage(subscriberLanguage: string | undefined, keywordLanguage?: KeywordLanguage): KeywordLanguage {
  const base = baseLanguage(subscriberLanguage);
  if ((KEYWORD_LANGUAGES as readonly string[]).includes(base)) return base as KeywordLanguage;
  return keywordLanguage ?? 'en';
}
