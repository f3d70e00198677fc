import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { inputsRequest, type InputFlags, type RunRequest } from '../request.js';
import { PRESET_NAMES } from '../../io/presets.js';
import { CSV_DIALECT_NAMES, type CsvDialectName } from '../../formats/csv-dialect.js';

// Only the option definitions live here; the work is imported when the command runs, so that other commands
// start without loading it.

/** More statements than this flood a terminal: `--statements auto` then prints the summary only. */
export const STATEMENTS_ON_SCREEN = 20;

/** `run`'s options as commander gives them; the action makes a `RunRequest` of them at once. */
interface RunFlags extends InputFlags {
  month: string;
  json?: boolean;
  color: boolean;
  quiet?: boolean;
  treatUnresolved?: 'free' | 'paid';
  csvDialect?: CsvDialectName;
  reissue?: string;
  rejectInvalid?: boolean;
  statements: 'auto' | 'all' | 'none';
  customer?: string[];
  /** Seconds to wait for another run writing the same output folder (issue 13). */
  wait: number;
  allowEmpty?: boolean;
  pdf: boolean;
  width?: number;
}

function runRequest(flags: RunFlags): RunRequest {
  return {
    month: flags.month,
    inputs: inputsRequest(flags),
    csvDialect: flags.csvDialect ?? null,
    waitSeconds: flags.wait,
    allowEmpty: flags.allowEmpty === true,
    reissue: flags.reissue ?? null,
    rejectInvalid: flags.rejectInvalid === true,
    treatUnresolved: flags.treatUnresolved ?? null,
    pdf: flags.pdf,
    screen: { quiet: flags.quiet === true, json: flags.json === true, statements: flags.statements, customers: flags.customer ?? null, color: flags.color, width: flags.width ?? null },
  };
}

/** How long a run waits by default for another run that is writing the same output folder. */
const DEFAULT_WAIT_SECONDS = 300;

/** Options every command that reads a month's inputs shares. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: ./ipex-bill.config.json if present, else built-in prices)')
    .option('--logs <file>', 'work-log CSV; repeat for several files, read together as one log', (value: string, previous: string[] = []) => [...previous, value])
    .option('--customers <file>', 'customer-tier CSV: customer,name,tier,valid_from')
    .option('--topups <file>', 'top-up CSV: customer,month,blocks')
    .addOption(new Option('--encoding <name>', 'encoding of the input files (default: UTF-8 if valid, else Windows-1250)').choices(['utf-8', 'windows-1250']))
    .addOption(new Option('--delimiter <char>', 'field separator of the input files (default: detected from each header)').choices([',', ';', 'tab']))
    .addOption(new Option('--preset <tool>', "the work logs are another tool's export, read as that tool writes it (see docs/log-formats.md)").choices(PRESET_NAMES));
}

export function registerRun(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  const run = program
    .command('run')
    .description('bill a month: itemised statements and a summary on screen; accounting files with --out')
    .requiredOption('--month <YYYY-MM>', 'the billing month: YYYY-MM (e.g. 2024-05), previous or current (in Prague)');
  addInputOptions(run)
    .option('--out <dir>', 'write the closed month <dir>/<YYYY-MM>/ (an existing folder; see docs/outputs.md)')
    .addOption(new Option('--csv-dialect <name>', 'CSV spelling: rfc4180 (comma, decimal point) or excel-cs (semicolon, decimal comma, BOM, for Czech Excel)').choices(CSV_DIALECT_NAMES))
    .option('--wait <seconds>', `how long to wait when another run is writing the same output folder (0: fail at once)`, parseSeconds, DEFAULT_WAIT_SECONDS)
    .option('--allow-empty', 'bill a month whose work logs have no entry dated in it (package fees only) instead of refusing')
    .option('--reissue <reason>', 'replace a month already billed with a new version; the old one is kept as <YYYY-MM>.v<N>/')
    .option('--no-pdf', 'write the month without the customers\u2019 PDF statements (faster on a large month; ipex-bill statement makes any of them later)')
    .option('--reject-invalid', 'set aside work-log rows that cannot be billed as written (listed in rejected.csv) and bill the rest')
    .option('--json', 'print the bill as JSON on stdout instead of statements and the summary')
    .addOption(
      new Option('--statements <which>', `statements to print: auto (all of them up to ${STATEMENTS_ON_SCREEN} customers, else only the summary), all, none`)
        .choices(['auto', 'all', 'none'])
        .default('auto'),
    )
    .option('--customer <id>', 'print this customer\u2019s statement (repeatable); the summary is printed in full', (value: string, previous: string[] = []) => [...previous, value])
    .option('--width <columns>', 'fit statements and the summary to this many columns (default: the terminal\u2019s width; full width in a pipe)', parseWidth)
    .option('--quiet', 'print nothing but errors (for cron)')
    .option('--decisions <file>', 'the clerk\u2019s decisions for unresolved entries: the review file filled in (see ipex-bill review)')
    .addOption(new Option('--treat-unresolved <class>', 'bill entries the rules cannot classify as free or paid for this run (marked on statements)').choices(['free', 'paid']))
    .option('--no-color', 'no colours even on a terminal')
    .action(async (flags: RunFlags) => {
      const { runMonth } = await import('../actions/run-month.js');
      finish(await runMonth(runRequest(flags), ctx));
    });
}


function parseSeconds(text: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new InvalidArgumentError('give a whole number of seconds, e.g. --wait 60, or --wait 0 to fail at once.');
  return Number(text);
}

/** `--width`: a whole number of columns a statement can still be laid out in. */
function parseWidth(text: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) < 40) throw new InvalidArgumentError('give the terminal\u2019s width in columns, 40 or more, e.g. --width 80.');
  return Number(text);
}
