/**
 * Plain code-unit comparison. Used for every ordering in outputs (R13) because it does not depend on the
 * machine's locale, so the same inputs sort the same everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of entries everywhere: date, start time (no start time sorts first), then entry id (R5, R13). */
export function compareChronologically(
  a: { date: string; start: string | null; id: string },
  b: { date: string; start: string | null; id: string },
): number {
  return compareText(a.date, b.date) || compareText(a.start ?? '', b.start ?? '') || compareText(a.id, b.id);
}
