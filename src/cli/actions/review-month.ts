import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { billMonth } from '../../billing/bill-month.js';
import { issueKind } from '../../billing/issue.js';
import { reviewQueue } from '../../billing/review.js';
import { replaceFile } from '../../io/durable-write.js';
import { CSV_DIALECTS } from '../../formats/csv-dialect.js';
import { renderReviewCsv, renderReviewText } from '../../report/review.js';
import { shouldColour, terminalStyle } from '../colour.js';
import type { InputsRequest, ReviewRequest } from '../request.js';
import { quoteForShell } from '../shell-quote.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { outputFolderOf, readDecisionsFile, readMonthInputs, readOutputFolder } from '../month-inputs.js';
import { reportIssues } from '../report-issues.js';

/**
 * The run that bills the month with the decisions, as a command to paste: the same inputs and options as this
 * review, the month as resolved (not `previous`, which may mean another month tomorrow).
 */
function nextRun(month: string, inputs: InputsRequest, decisions: string, csvDialect: string | null): string {
  const args = ['run', '--month', month];
  if (inputs.config !== null) args.push('--config', inputs.config);
  for (const log of inputs.logs) args.push('--logs', log);
  if (inputs.customers !== null) args.push('--customers', inputs.customers);
  if (inputs.topups !== null) args.push('--topups', inputs.topups);
  if (inputs.dialect.encoding !== 'auto') args.push('--encoding', inputs.dialect.encoding);
  if (inputs.dialect.delimiter !== 'auto') args.push('--delimiter', inputs.dialect.delimiter === '\t' ? 'tab' : inputs.dialect.delimiter);
  if (inputs.preset !== null) args.push('--preset', inputs.preset);
  if (inputs.out !== null) args.push('--out', inputs.out);
  if (csvDialect !== null) args.push('--csv-dialect', csvDialect);
  args.push('--decisions', decisions);
  return ['ipex-bill', ...args.map(quoteForShell)].join(' ');
}

/** The review file's default name (contract), in the current folder. */
export const REVIEW_FILE = 'review.csv';

/**
 * `ipex-bill review`: bill the month as `run` would, but instead of stopping at unresolved entries, list them
 * and write them to the review file for the clerk's decisions (R1, R14: nothing is dropped, nothing is guessed).
 * Decisions passed in are kept in the file, so writing it again never loses one. Exit 0 when every entry can
 * be billed, 4 while entries wait for a decision.
 */
export async function reviewMonth(request: ReviewRequest, ctx: CliContext): Promise<ExitCode> {
  const { inputs } = request;
  const read = await readMonthInputs(request.month, inputs, ctx);
  if ('exit' in read) return read.exit;
  const { config, month } = read;
  const decided = readDecisionsFile(inputs, config, ctx);
  const invalid = [...read.issues, ...decided.issues];
  if (invalid.length > 0) return reportIssues(ctx, invalid, read.inputs.headerNames);

  const shown = request.write ?? inputs.decisions ?? REVIEW_FILE;
  const target = resolve(ctx.cwd, shown);
  const rewritesDecisions = inputs.decisions !== null && resolve(ctx.cwd, inputs.decisions) === target;
  if (existsSync(target) && !rewritesDecisions) {
    ctx.stderr.write(
      `ipex-bill: ${shown} already exists and may hold decisions; pass it with --decisions ${shown} to keep them, or write elsewhere with --write FILE\n`,
    );
    return EXIT.USAGE;
  }

  const found = await readOutputFolder(outputFolderOf(inputs, config, ctx), ctx, { month, log: read.inputs.entries, priceList: config.priceList, decisions: decided.decisions });
  if ('exit' in found) return found.exit;
  const { entries: log, customers, unreadCustomers, topUps } = read.inputs;
  const billed = billMonth(
    { month, log, customers, unreadCustomers, topUps, treatUnresolved: null, records: found.records, closedMonths: found.closedMonths, decisions: decided.decisions },
    config.priceList,
  );
  // Invalid input (an unknown customer, a duplicate id) is fixed in the files, not decided in the review.
  const blocking = billed.issues.filter((issue) => issueKind(issue) === 'invalid');
  if (blocking.length > 0) return reportIssues(ctx, blocking, read.inputs.headerNames);

  // Only the entries the queue lists become objects: those with a problem or a decision.
  const listed = new Set([...billed.issues.map((i) => i.entryId), ...decided.decisions.map((d) => d.entryId)]);
  const entries = [];
  for (let row = 0; row < log.size; row++) if (listed.has(log.ids.text(row))) entries.push(log.entry(row));
  const items = reviewQueue(entries, billed.issues, decided.decisions);
  const waiting = items.filter((item) => item.problems.length > 0).length;
  const style = terminalStyle(request.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
  ctx.stdout.write(renderReviewText(items, month, style));
  if (items.length === 0) return EXIT.OK;

  // The clerk's own spelling: a log from Czech Excel (semicolons, or Windows-1250) gets a review file Czech Excel
  // opens as it is (issue 16); --csv-dialect and the config's csvDialect say otherwise.
  const fromExcel = read.inputs.digests.some((d) => d.kind === 'work-log' && (d.delimiter === 'semicolon' || d.encoding === 'windows-1250'));
  const dialect = CSV_DIALECTS[request.csvDialect ?? config.csvDialect ?? (fromExcel ? 'excel-cs' : 'rfc4180')];
  const failed = replaceFile(target, renderReviewCsv(items, dialect));
  if (failed !== null) {
    ctx.stderr.write(`ipex-bill: ${failed}\n`);
    return EXIT.OUTPUT_FAILED;
  }
  const decidedCount = items.length - waiting;
  const next = nextRun(month, inputs, shown, request.csvDialect);
  ctx.stderr.write(
    `Wrote ${shown}${dialect.name === 'excel-cs' ? ' (for Czech Excel: semicolons, UTF-8 with a BOM)' : ''}: ${waiting} entr${waiting === 1 ? 'y' : 'ies'} waiting for a decision, ${decidedCount} decided.` +
      (waiting > 0 ? ` Fill in activity, cause or billable for each, then run:\n  ${next}\n` : ` Bill the month with:\n  ${next}\n`),
  );
  return waiting > 0 ? EXIT.UNRESOLVED : EXIT.OK;
}
