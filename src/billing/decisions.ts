import type { KeywordMatcher, KeywordRule } from './keywords.js';
import type { Cause, Entry, Source } from './types.js';

/**
 * The clerk's decision for an entry the rules could not classify (issue 3 review queue, R1): a row of the
 * filled-in `review.csv`, applied by entry id. Each field that is set replaces the entry's own.
 */
export interface Decision {
  entryId: string;
  activity: string | null;
  cause: Cause | null;
  billable: boolean | null;
  source: Source;
}

/** Why an entry is billed with other values than its log row: a decision, or a keyword of its description. */
export type Resolution = { basis: 'decision'; decision: Decision } | { basis: 'keyword'; rule: KeywordRule };

/**
 * The entries as billing reads them: decisions applied by entry id first, then, for an entry still without an
 * activity, the activity of the first keyword rule its description matches. The entries themselves are not
 * changed (statements and the record show them as read); `how` says which were read differently and why.
 */
export function resolveEntries(
  entries: readonly Entry[],
  decisions: ReadonlyMap<string, Decision>,
  matcher: KeywordMatcher,
): { entries: Entry[]; how: Map<string, Resolution> } {
  const how = new Map<string, Resolution>();
  const resolved = entries.map((entry) => {
    let read = entry;
    const decision = decisions.get(entry.id);
    if (decision) {
      how.set(entry.id, { basis: 'decision', decision });
      read = {
        ...entry,
        activity: decision.activity ?? entry.activity,
        cause: decision.cause ?? entry.cause,
        billable: decision.billable ?? entry.billable,
      };
    }
    if (read.activity === null && read.billable === null) {
      const rule = matcher.match(read.description);
      if (rule) {
        read = { ...read, activity: rule.activity };
        if (!decision) how.set(entry.id, { basis: 'keyword', rule });
      }
    }
    return read;
  });
  return { entries: resolved, how };
}
