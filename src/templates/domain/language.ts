export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

export interface ResolvedLanguage {
  /** The variant used. */
  language: string;
  /** The steps tried, in order, ending with the one used. */
  chain: string[];
  /** True when the variant is not the one asked for (a missing translation). */
  fallback: boolean;
}

/**
 * The fallback chain: the tag itself, then shorter tags (`pt-BR` -> `pt`), then another variant
 * of the same language (`pt` -> `pt-PT`), then the template's default language.
 */
export function resolveLanguage(requested: string, available: readonly string[], defaultLanguage: string): ResolvedLanguage {
  const byLower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  const chain: string[] = [];
  const subtags = requested.split('-');
  for (let length = subtags.length; length >= 1; length -= 1) {
    const candidate = subtags.slice(0, length).join('-');
    chain.push(candidate);
    const found = byLower.get(candidate.toLowerCase());
    if (found) return { language: found, chain, fallback: length !== subtags.length || found.toLowerCase() !== requested.toLowerCase() };
  }
  const primary = primarySubtag(requested);
  const sibling = available.find((tag) => primarySubtag(tag) === primary);
  if (sibling) return { language: sibling, chain: [...chain, sibling], fallback: true };
  return { language: defaultLanguage, chain: [...chain, defaultLanguage], fallback: true };
}

export function primarySubtag(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

export function isRtl(language: string): boolean {
  return RTL_LANGUAGES.has(primarySubtag(language));
}

/**
 * Dates and numbers follow the reader's tag (`pt-BR`) when the text is in that language, and the
 * text's language otherwise, so an English fallback text does not carry German dates.
 */
export function formattingLocale(requested: string, contentLanguage: string): string {
  return primarySubtag(requested) === primarySubtag(contentLanguage) && isLanguageTag(requested) ? requested : contentLanguage;
}

/** A tag of the BCP 47 shape that Intl also accepts (Intl throws on some, such as the repeated variant in `de-1901-1901`). */
export function isLanguageTag(tag: string): boolean {
  if (!LANGUAGE_TAG.test(tag)) return false;
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}
