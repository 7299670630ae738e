import { InvalidInputError } from '../common/domain-error.js';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const MAX_TEXT_LENGTH = 1024;

/** Message text per language: at least one, each a BCP 47 tag with 1..1024 characters of text. */
export function validateTexts(texts: unknown): Record<string, string> {
  if (typeof texts !== 'object' || texts === null || Array.isArray(texts)) {
    throw new InvalidInputError('alert.invalid_texts', 'texts must be an object of language tag to message text.', { field: 'texts' });
  }
  const entries = Object.entries(texts as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidInputError('alert.invalid_texts', 'texts needs at least one language.', { field: 'texts' });
  if (entries.length > 50) throw new InvalidInputError('alert.invalid_texts', 'texts has more than 50 languages.', { field: 'texts' });
  for (const [language, text] of entries) {
    const field = `texts.${language}`;
    if (!LANGUAGE_TAG.test(language)) throw new InvalidInputError('alert.invalid_language', `"${language}" is not a BCP 47 language tag such as en or pt-BR.`, { field });
    if (typeof text !== 'string' || text.trim() === '') throw new InvalidInputError('alert.invalid_texts', `${field} must be non-empty text.`, { field });
    if (text.length > MAX_TEXT_LENGTH) throw new InvalidInputError('alert.text_too_long', `${field} is longer than ${MAX_TEXT_LENGTH} characters.`, { field, length: text.length });
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
