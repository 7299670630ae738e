/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))). */
export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs = 1000, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
