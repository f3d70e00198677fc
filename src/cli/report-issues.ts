import { issueKind, sortIssues, type Issue } from '../billing/issue.js';
import { renderIssues, renderKnownActivities } from '../report/text.js';
import type { PriceList } from '../billing/price-list.js';
import type { HeaderNames } from '../io/read-csv.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * Print every problem of a run together, then one line saying what happened and what to do.
 * Invalid input outranks unresolved entries: the clerk fixes the files first.
 */
export function reportIssues(
  ctx: CliContext,
  issues: readonly Issue[],
  headerNames: ReadonlyMap<string, HeaderNames> = new Map(),
  outcome = 'nothing was billed or written',
  priceList?: PriceList,
): ExitCode {
  const sorted = sortIssues(issues.map((issue) => withColumnAsWritten(issue, headerNames)));
  ctx.stderr.write(renderIssues(sorted));
  if (priceList && sorted.some((issue) => issue.code === 'unresolved-activity' && issue.value !== '')) ctx.stderr.write(renderKnownActivities(priceList));
  const invalid = sorted.filter((i) => issueKind(i) === 'invalid').length;
  const unresolved = sorted.length - invalid;
  const parts = [
    invalid > 0 ? `${invalid} problem${invalid === 1 ? '' : 's'} in the input` : '',
    unresolved > 0 ? `${unresolved} unresolved entr${unresolved === 1 ? 'y' : 'ies'}` : '',
  ].filter(Boolean);
  const hint =
    invalid > 0
      ? 'fix the files and run again'
      : 'list them with ipex-bill review (same options), which writes review.csv; fill in activity, cause or billable and run again with --decisions review.csv (or bill them all with --treat-unresolved free|paid)';
  ctx.stderr.write(`ipex-bill: ${parts.join(' and ')}; ${outcome}. ${capitalise(hint)}.\n`);
  return invalid > 0 ? EXIT.INVALID_INPUT : EXIT.UNRESOLVED;
}

/** Messages name a column as the file's header writes it (`Doba`, not `minutes`): that is what the clerk sees. */
export function withColumnAsWritten(issue: Issue, headerNames: ReadonlyMap<string, HeaderNames>): Issue {
  const column = issue.source?.column;
  const written = column === undefined ? undefined : headerNames.get(issue.source!.file)?.get(column);
  return written === undefined || written === column ? issue : { ...issue, source: { ...issue.source!, column: written } };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
