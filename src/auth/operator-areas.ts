/** Areas one operator may be restricted to. */
export const MAX_ALLOWED_AREAS = 500;

/** The stored form of a restriction: distinct lower-case ids, or null for none (an empty list restricts nothing). */
export function allowedAreasOf(ids: readonly string[] | null | undefined): string[] | null {
  if (!ids || ids.length === 0) return null;
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
