import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { billMonth } from '../../billing/bill-month.js';
import type { UnresolvedTreatment } from '../../billing/classify.js';
import { isBillingMonth } from '../../billing/month.js';
import { loadInputs } from '../../io/load-inputs.js';
import { writeMonthFolder } from '../../io/write-month-folder.js';
import { renderBillJson } from '../../report/json.js';
import { renderMonthFolder } from '../../report/month-folder.js';
import { renderStatementText, renderSummaryText } from '../../report/text.js';
import { shouldColour, terminalStyle } from '../colour.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { reportIssues } from '../report-issues.js';
import { displayPath, loadConfig, resolveInputFiles, type InputOptions } from '../settings.js';

interface RunOptions extends InputOptions {
  month: string;
  json?: boolean;
  color: boolean;
  treatUnresolved?: 'free' | 'paid';
}

/** Options every command that reads a month's inputs shares. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: ./ipex-bill.config.json if present, else built-in prices)')
    .option('--logs <file>', 'work-log CSV; repeat for several files, read together as one log', (value: string, previous: string[] = []) => [...previous, value])
    .option('--customers <file>', 'customer-tier CSV: customer,name,tier,valid_from')
    .option('--topups <file>', 'top-up CSV: customer,month,blocks');
}

export function registerRun(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  const run = program
    .command('run')
    .description('bill a month: itemised statements and a summary on screen; accounting files with --out')
    .requiredOption('--month <YYYY-MM>', 'the billing month, e.g. 2024-05');
  addInputOptions(run)
    .option('--out <dir>', 'write <dir>/<YYYY-MM>/ (summary.csv, lines.csv, units.csv, statements/)')
    .option('--json', 'print the bill as JSON on stdout instead of statements and the summary')
    .addOption(new Option('--treat-unresolved <class>', 'bill entries the rules cannot classify as free or paid for this run (marked on statements)').choices(['free', 'paid']))
    .option('--no-color', 'no colours even on a terminal')
    .action((options: RunOptions) => finish(runMonth(options, ctx)));
}

function runMonth(options: RunOptions, ctx: CliContext): ExitCode {
  if (!isBillingMonth(options.month)) {
    ctx.stderr.write(`ipex-bill: --month "${options.month}" is not a month; use YYYY-MM, e.g. 2024-05\n`);
    return EXIT.USAGE;
  }
  const loaded = loadConfig(options, ctx.cwd);
  if ('issues' in loaded) return reportIssues(ctx, loaded.issues);
  const { config } = loaded;
  const inputs = resolveInputFiles(options, config, ctx.cwd);
  if ('usage' in inputs) {
    ctx.stderr.write(`ipex-bill: ${inputs.usage}\n`);
    return EXIT.USAGE;
  }

  const read = loadInputs(inputs.files);
  const treatUnresolved: UnresolvedTreatment = options.treatUnresolved ?? null;
  const billed = billMonth({ month: options.month, ...read.value, treatUnresolved }, config.priceList);
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
