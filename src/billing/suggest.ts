/**
 * "Did you mean …": the candidate nearest a mistyped word, ignoring case and diacritics, when it is near
 * enough to be a typo (an edit or two in a short word, a quarter of a long one); null otherwise or when two
 * candidates are equally near (a guess between them would mislead).
 */
export function closestMatch(text: string, candidates: readonly string[]): string | null {
  const folded = fold(text);
  if (folded === '') return null;
  const limit = Math.max(2, Math.floor(folded.length / 4));
  let best: string | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(folded, fold(candidate), limit);
    if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
    else if (distance === bestDistance && fold(candidate) !== fold(best ?? '')) tie = true;
  }
  return bestDistance <= limit && best !== text && !tie ? best : null;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Levenshtein distance, giving up (limit + 1) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
