import { describe, expect, it } from 'vitest';
import { acknowledgement, insideServiceWindow } from '../../src/receipts/inbound/acknowledgements.js';
import { KEYWORD_LANGUAGES, KEYWORD_TABLE, KEYWORDS, normalizeText, recognizeKeyword, replyLanguage } from '../../src/receipts/inbound/keywords.js';

describe('normalizeText', () => {
  it.each([
    ['  STOP!  ', 'stop'],
    ['Arrêt', 'arret'],
    ['À SALVO', 'a salvo'],
    ['Começar', 'comecar'],
    ['SÉCURITÉ', 'securite'],
    ["l'aide", 'l aide'],
    ['مُسَاعَدَة', 'مساعده'],
    ['أمن', 'امن'],
    ['آمن', 'امن'],
    ['إيقاف', 'ايقاف'],
    ['ＳＴＯＰ', 'stop'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('recognizeKeyword', () => {
  it.each<[string, string | undefined, ReturnType<typeof recognizeKeyword>]>([
    // English
    ['STOP', undefined, { keyword: 'stop', language: 'en' }],
    ['stop.', undefined, { keyword: 'stop', language: 'en' }],
    ['Unsubscribe', undefined, { keyword: 'stop', language: 'en' }],
    ['start', undefined, { keyword: 'start', language: 'en' }],
    ['HELP', undefined, { keyword: 'help', language: 'en' }],
    ['help me!', undefined, { keyword: 'help', language: 'en' }],
    ['Safe', undefined, { keyword: 'safe', language: 'en' }],
    ["I'm safe", undefined, { keyword: 'safe', language: 'en' }],
    ['JOIN Riverside North', undefined, { keyword: 'join', language: 'en', argument: 'Riverside North' }],
    ['join  de-he-bayern', undefined, { keyword: 'join', language: 'en', argument: 'de-he-bayern' }],
    // Spanish
    ['PARAR', 'es', { keyword: 'stop', language: 'es' }],
    ['Baja', undefined, { keyword: 'stop', language: 'es' }],
    ['iniciar', 'es', { keyword: 'start', language: 'es' }],
    ['AYUDA', undefined, { keyword: 'help', language: 'es' }],
    ['Socorro', 'es', { keyword: 'help', language: 'es' }],
    ['estoy a salvo', undefined, { keyword: 'safe', language: 'es' }],
    ['A SALVO', 'es', { keyword: 'safe', language: 'es' }],
    ['Unirse Valle Alto', undefined, { keyword: 'join', language: 'es', argument: 'Valle Alto' }],
    // French
    ['ARRÊT', undefined, { keyword: 'stop', language: 'fr' }],
    ['arret', undefined, { keyword: 'stop', language: 'fr' }],
    ['Stop', 'fr', { keyword: 'stop', language: 'fr' }],
    ['Démarrer', undefined, { keyword: 'start', language: 'fr' }],
    ['AIDE', undefined, { keyword: 'help', language: 'fr' }],
    ['Au secours !', undefined, { keyword: 'help', language: 'fr' }],
    ['en sécurité', undefined, { keyword: 'safe', language: 'fr' }],
    ['rejoindre Île-de-France', undefined, { keyword: 'join', language: 'fr', argument: 'Île-de-France' }],
    // Portuguese
    ['PARAR', 'pt', { keyword: 'stop', language: 'pt' }],
    ['Sair', undefined, { keyword: 'stop', language: 'pt' }],
    ['COMEÇAR', undefined, { keyword: 'start', language: 'pt' }],
    ['ajuda', undefined, { keyword: 'help', language: 'pt' }],
    ['SOCORRO', 'pt-BR', { keyword: 'help', language: 'pt' }],
    ['Estou bem', undefined, { keyword: 'safe', language: 'pt' }],
    ['entrar Lisboa', undefined, { keyword: 'join', language: 'pt', argument: 'Lisboa' }],
    // Arabic
    ['توقف', undefined, { keyword: 'stop', language: 'ar' }],
    ['إيقاف', undefined, { keyword: 'stop', language: 'ar' }],
    ['ابدأ', undefined, { keyword: 'start', language: 'ar' }],
    ['مساعدة', undefined, { keyword: 'help', language: 'ar' }],
    ['مُسَاعَدَة', undefined, { keyword: 'help', language: 'ar' }],
    ['آمن', undefined, { keyword: 'safe', language: 'ar' }],
    ['أنا بخير', undefined, { keyword: 'safe', language: 'ar' }],
    ['انضم الرياض', undefined, { keyword: 'join', language: 'ar', argument: 'الرياض' }],
    // Not keywords
    ['stop the water please', undefined, undefined],
    ['helpful', undefined, undefined],
    ['JOIN', undefined, undefined],
    ['', undefined, undefined],
    ['!!!', undefined, undefined],
    ['Body Text', undefined, undefined],
  ])('%j (subscriber language %s)', (text, language, expected) => {
    expect(recognizeKeyword(text, language)).toEqual(expected);
  });

  it('recognises every word of the table in its own language, in upper case with accents kept', () => {
    for (const language of KEYWORD_LANGUAGES) {
      for (const keyword of KEYWORDS) {
        for (const phrase of KEYWORD_TABLE[language][keyword]) {
          const text = keyword === 'join' ? `${phrase.toUpperCase()} Somewhere` : phrase.toUpperCase();
          expect(recognizeKeyword(text, language), `${language} ${phrase}`).toMatchObject({ keyword, language });
        }
      }
    }
  });
});

describe('acknowledgements', () => {
  it('has a text for every kind in every language', () => {
    for (const language of KEYWORD_LANGUAGES) {
      for (const kind of ['stop', 'start', 'join', 'join_unknown', 'help', 'safe', 'location', 'unrecognised'] as const) {
        expect(acknowledgement(kind, language, { area: 'X' }).length).toBeGreaterThan(5);
      }
    }
    expect(acknowledgement('join', 'en', { area: 'Riverside' })).toBe('You now receive alerts for Riverside.');
  });

  it.each([
    ['es', undefined, 'es'],
    ['pt-BR', 'en', 'pt'],
    ['de', 'fr', 'fr'],
    ['de', undefined, 'en'],
  ] as const)('replies to a %s subscriber who wrote %s in %s', (subscriber, keyword, expected) => {
    expect(replyLanguage(subscriber, keyword)).toBe(expected);
  });

  it('answers free-form only inside the 24-hour window', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(insideServiceWindow(new Date('2026-11-25T11:59:00Z'), now)).toBe(true);
    expect(insideServiceWindow(new Date('2026-11-24T12:00:01Z'), now)).toBe(true);
    expect(insideServiceWindow(new Date('2026-11-24T12:00:00Z'), now)).toBe(false);
  });
});
