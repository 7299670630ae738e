/** An ISO 8601 duration, whole units only (`PT2H30M`, `P1DT12H`, `P2W`). */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export const DURATION_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

const ISO_DURATION = /^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,4})M)?(?:(\d{1,6})S)?)?$/;

/** Parses an ISO 8601 duration; null when it is not one (or is empty, like `P` or `PT`). */
export function parseDuration(text: string): Duration | null {
  const match = ISO_DURATION.exec(text);
  if (!match || text.endsWith('T')) return null;
  const numbers = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (match.slice(1).every((part) => part === undefined)) return null;
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = numbers;
  return { years, months, weeks, days, hours, minutes, seconds };
}
