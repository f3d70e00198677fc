/**
 * One copy of each repeated text: a log repeats the same few customers, days, times, technicians and activities
 * on every row, and keeping one copy of each takes about a third off the memory a million entries need
 * (bench/RESULTS.md).
 */
export function stringPool(): <T extends string | null>(text: T) => T {
  const pool = new Map<string, string>();
  return <T extends string | null>(text: T): T => {
    if (text === null) return text;
    const known = pool.get(text);
    if (known !== undefined) return known as T;
    pool.set(text, text);
    return text;
  };
}
