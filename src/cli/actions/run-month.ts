import { resolve } from 'node:path';
import { billMonth } from '../../billing/bill-month.js';
import type { UnresolvedTreatment } from '../../billing/classify.js';
import { writeMonthFolder } from '../../io/write-month-folder.js';
import { renderBillJson } from '../../report/json.js';
import { renderMonthFolder } from '../../report/month-folder.js';
import { renderStatementText, renderSummaryText } from '../../report/text.js';
import { shouldColour, terminalStyle } from '../colour.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readMonthInputs } from '../month-inputs.js';
import { reportIssues } from '../report-issues.js';
import { displayPath } from '../settings.js';
import type { RunOptions } from '../commands/run.js';

/** `ipex-bill run`: bill the month, write the month folder when asked, print statements and the summary. */
export function runMonth(options: RunOptions, ctx: CliContext): ExitCode {
  const read = readMonthInputs(options.month, options, ctx);
  if ('exit' in read) return read.exit;
  const { config } = read;
  const treatUnresolved: UnresolvedTreatment = options.treatUnresolved ?? null;
  const billed = billMonth({ month: options.month, ...read.inputs, treatUnresolved }, config.priceList);
  const issues = [...read.issues, ...billed.issues];
  if (issues.length > 0 || !billed.value) return reportIssues(ctx, issues);
  const bill = billed.value;

  const outDir = options.out !== undefined ? resolve(ctx.cwd, options.out) : config.out;
  let wrote = '';
  if (outDir !== null) {
    const written = writeMonthFolder(outDir, bill.month, renderMonthFolder(bill));
    if ('error' in written) {
      ctx.stderr.write(`ipex-bill: ${written.error}\n`);
      return EXIT.OUTPUT_FAILED;
    }
    wrote = `Wrote ${displayPath(written.folder, ctx.cwd)}/: summary.csv, lines.csv, units.csv and ${bill.statements.length} statements.\n`;
  }

  if (options.json) {
    ctx.stdout.write(renderBillJson(bill));
  } else {
    const style = terminalStyle(options.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
    for (const statement of bill.statements) ctx.stdout.write(`${renderStatementText(statement, style)}\n`);
    ctx.stdout.write(renderSummaryText(bill, style));
  }

  const { before, after } = bill.entriesOutsideMonth;
  if (before + after > 0) {
    ctx.stderr.write(
      `Not billed: ${before + after} entr${before + after === 1 ? 'y' : 'ies'} dated outside ${bill.month} ` +
        `(${before} earlier, used only to count consultation sessions and case causes; ${after} later).\n`,
    );
  }
  if (treatUnresolved) ctx.stderr.write(`Unresolved entries were billed as ${treatUnresolved.toUpperCase()} by --treat-unresolved.\n`);
  ctx.stderr.write(wrote);
  return EXIT.OK;
}
