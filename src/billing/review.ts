import { compareChronologically } from './compare.js';
import type { Decision } from './decisions.js';
import { issueKind, type Issue } from './issue.js';
import type { Entry } from './types.js';

/**
 * One row of the review queue (issue 3, R1): an entry the rules cannot classify, or one the clerk has decided
 * already. Decided rows stay in the queue so that writing it again never loses a decision.
 */
export interface ReviewItem {
  entryId: string;
  /** null: a decision for an id the log does not have (a typo, or an entry since removed). */
  entry: Entry | null;
  decision: Decision | null;
  /** What still stops billing this entry; empty when the decision settles it (or there is no such entry). */
  problems: string[];
}

/**
 * The queue: every entry with an unresolved problem, and every decision, one row per entry id, in the log's
 * order (date, start, id); decisions for ids the log does not have come last, in the order they were written.
 */
export function reviewQueue(entries: readonly Entry[], issues: readonly Issue[], decisions: readonly Decision[]): ReviewItem[] {
  const problems = new Map<string, string[]>();
  for (const issue of issues) {
    if (issueKind(issue) !== 'unresolved' || issue.entryId === undefined) continue;
    problems.set(issue.entryId, [...(problems.get(issue.entryId) ?? []), issue.message]);
  }
  const decisionOf = new Map(decisions.map((d) => [d.entryId, d]));
  const listed = entries.filter((e) => problems.has(e.id) || decisionOf.has(e.id)).sort(compareChronologically);
  const known = new Set(listed.map((e) => e.id));
  return [
    ...listed.map((entry) => ({ entryId: entry.id, entry, decision: decisionOf.get(entry.id) ?? null, problems: problems.get(entry.id) ?? [] })),
    ...decisions
      .filter((d) => !known.has(d.entryId))
      .map((decision) => ({ entryId: decision.entryId, entry: null, decision, problems: [] })),
  ];
}
