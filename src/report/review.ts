import type { ReviewItem } from '../billing/review.js';
import { formatHours } from './format.js';
import { tableCsv, type CsvDialect } from '../formats/csv-dialect.js';
import type { Style } from './style.js';
import { fieldOnScreen } from './visible.js';

/**
 * `review.csv` columns (contract): the clerk fills in the first four; the rest show which entry it is and what
 * stops billing it, and are ignored when the file is read back with `--decisions`.
 */
export const REVIEW_COLUMNS = [
  'id', 'activity', 'cause', 'billable', 'customer', 'date', 'start', 'case', 'technician', 'minutes', 'activity_in_log', 'description', 'problem',
] as const;

const UNUSED = 'no entry with this id in the work log; this decision is not used';

export function renderReviewCsv(items: readonly ReviewItem[], dialect: CsvDialect): string {
  return tableCsv(
    REVIEW_COLUMNS,
    items.map(({ entryId, entry, decision, problems }) => ({
      id: entryId,
      activity: decision?.activity ?? '',
      cause: decision?.cause ?? '',
      billable: decision === null || decision.billable === null ? '' : decision.billable ? 'yes' : 'no',
      customer: entry?.customer ?? '',
      date: entry?.date ?? '',
      start: entry?.start ?? '',
      case: entry?.caseId ?? '',
      technician: entry?.technician ?? '',
      minutes: entry?.minutes ?? '',
      activity_in_log: entry?.activity ?? '',
      description: entry?.description ?? '',
      problem: entry === null ? UNUSED : problems.join('; '),
    })),
    dialect,
  );
}

/** The entries still waiting for a decision, as the clerk reads them on the terminal. */
export function renderReviewText(items: readonly ReviewItem[], month: string, style: Style): string {
  const waiting = items.filter((item) => item.problems.length > 0);
  const unused = items
    .filter((item) => item.entry === null)
    .map((item) => `  ${style.label(fieldOnScreen(item.entryId))}  ${style.warning(UNUSED)}\n`)
    .join('');
  if (waiting.length === 0) return `${style.heading(`Review ${month}`)}: every entry can be billed.\n${unused}`;
  const rows = waiting.map(({ entryId, entry, problems }) => {
    const what = entry
      ? `${fieldOnScreen(entry.customer)}  ${entry.date}${entry.start ? ` ${entry.start}` : ''}  ${formatHours(entry.minutes)} h  ${fieldOnScreen(entry.technician)}` +
        (entry.description ? `  "${fieldOnScreen(entry.description, `${entry.source.file}:${entry.source.line}`)}"` : '')
      : '';
    return `  ${style.label(fieldOnScreen(entryId))}  ${what}\n${problems.map((p) => `      ${style.warning(fieldOnScreen(p))}\n`).join('')}`;
  });
  const count = `${waiting.length} entr${waiting.length === 1 ? 'y' : 'ies'}`;
  return `${style.heading(`Review ${month}`)}: ${count} waiting for a decision\n${rows.join('')}${unused}`;
}
