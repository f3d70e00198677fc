import type { Entry } from './types.js';

/**
 * The key of the case an entry belongs to (R1 terms). Case ids are scoped by customer so two customers'
 * ticket numbers never merge; an entry without a case id is a case of its own.
 */
export function caseKeyOf(entry: Pick<Entry, 'customer' | 'caseId' | 'id'>): string {
  return entry.caseId === null ? `${entry.customer}\u0000#${entry.id}` : `${entry.customer}\u0000=${entry.caseId}`;
}
