/** The wording a citizen agrees to by sending JOIN (the acknowledgement tells them how to leave). */
export const JOIN_WORDING_VERSION = 'join-message-2026-11';

export interface AreaCandidate {
  id: string;
  key: string;
  name: string;
  geocodes: { valueName: string; value: string }[];
}

/** Case, accents, punctuation and spacing aside: "  KÖLN! " and "koln" are the same name. */
export function normalizeAreaName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The library area a JOIN names: by key, else by name, else by a geocode value (a postcode, an
 * official area code), each compared as normalised text. Several areas of one name: the first by
 * name and key, so the answer does not change from one message to the next.
 */
export function matchArea(candidates: readonly AreaCandidate[], text: string): AreaCandidate | undefined {
  const wanted = normalizeAreaName(text);
  if (wanted === '') return undefined;
  const ordered = [...candidates].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return (
    ordered.find((a) => normalizeAreaName(a.key) === wanted) ??
    ordered.find((a) => normalizeAreaName(a.name) === wanted) ??
    ordered.find((a) => a.geocodes.some((g) => normalizeAreaName(g.value) === wanted))
  );
}
