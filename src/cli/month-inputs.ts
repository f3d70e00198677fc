import type { Issue } from '../billing/issue.js';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { DateTime } from 'luxon';
import { EntryTable } from '../billing/entry-table.js';
import type { PriceList } from '../billing/price-list.js';
import { resolveMonthWord } from '../billing/month.js';
import { PRAGUE } from '../io/fields.js';
import type { Config } from '../io/read-config.js';
import { PRESETS } from '../io/presets.js';
import { inputRecord, loadInputs, logBytes, readInputFile, type LoadedInputs } from '../io/load-inputs.js';
import type { InputDialect } from '../io/read-csv.js';
import { parseDecisions } from '../io/read-decisions.js';
import type { Decision } from '../billing/decisions.js';
import { checkOutDir, readClosedMonths, type DamagedMonth, type OutputFolder } from '../io/month-store.js';
import type { RecordsNeededFor } from '../io/record-readers.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Progress } from './progress.js';
import { reportIssues } from './report-issues.js';
import type { InputsRequest } from './request.js';
import { displayPath, loadConfig, resolveInputFiles } from './settings.js';

/** Today's date in Prague, from the context's clock: what `current`, `previous` and `hours` are relative to. */
export function todayInPrague(ctx: CliContext): string {
  return DateTime.fromMillis(ctx.clock(), { zone: PRAGUE }).toISODate() ?? '';
}

/**
 * The common start of every command that bills: resolve the month (`previous`/`current` in Prague), find the config and the input files, and read
 * them. Returns the exit code to stop with, or the config, the inputs and the problems met reading them.
 */
export async function readMonthInputs(
  monthText: string,
  inputs: InputsRequest,
  ctx: CliContext,
  options: ReadingOptions & { today?: string } = {},
): Promise<{ exit: ExitCode } | { month: string; config: Config; inputs: LoadedInputs; issues: Issue[] }> {
  const month = resolveMonthWord(monthText, options.today ?? todayInPrague(ctx));
  if (month === null) {
    ctx.stderr.write(`ipex-bill: --month "${monthText}" is not a month; use YYYY-MM (e.g. 2024-05), previous or current\n`);
    return { exit: EXIT.USAGE };
  }
  const read = await readInputs(inputs, ctx, options);
  return 'exit' in read ? read : { month, ...read };
}

/** What a command does around the reading of its inputs. */
export interface ReadingOptions {
  progress?: Progress;
  /** What the command can refuse from its options and the config alone, before a large log is read: the exit code, or null. */
  beforeReading?: (config: Config) => ExitCode | null;
  /** Told the logs' total size (in bytes, pipes 0) as their reading starts. */
  readingLogs?: (bytes: number, config: Config) => void;
}

/** Find the config and the input files, and read them: the config, the inputs and the problems met reading them. */
export async function readInputs(
  inputs: InputsRequest,
  ctx: CliContext,
  { progress, beforeReading, readingLogs }: ReadingOptions = {},
): Promise<{ exit: ExitCode } | { config: Config; inputs: LoadedInputs; issues: Issue[] }> {
  const loaded = loadConfig(inputs.config, ctx.cwd);
  if ('issues' in loaded) return { exit: reportIssues(ctx, loaded.issues) };
  const refused = beforeReading?.(loaded.config) ?? null;
  if (refused !== null) return { exit: refused };
  const files = resolveInputFiles(inputs, loaded.config, ctx.cwd);
  if ('usage' in files) {
    ctx.stderr.write(`ipex-bill: ${files.usage}\n`);
    return { exit: EXIT.USAGE };
  }
  const bytes = logBytes(files.files.logs.map((log) => log.path));
  const tooLarge = memoryShortfall(bytes);
  if (tooLarge !== null) {
    ctx.stderr.write(`ipex-bill: ${tooLarge}\n`);
    return { exit: EXIT.TOO_LARGE };
  }
  readingLogs?.(bytes, loaded.config);
  // `--preset` wins over the config, unless the config's format builds on that same preset (adding value maps).
  const configured = loaded.config.logFormat;
  const logFormat = inputs.preset === null || configured?.basedOn === inputs.preset ? configured : PRESETS[inputs.preset];
  const read = await loadInputs(
    files.files,
    { ...inputs.dialect, logFormat },
    (name, fraction) => progress?.step(`reading ${name}${fraction > 0 ? ` ${Math.floor(fraction * 100)} %` : ''}`),
    ctx.threads,
  );
  return { config: loaded.config, inputs: read.value, issues: read.issues };
}

/**
 * Heap a run needs: what reading a log takes whatever its size (its pieces being parsed, the modules), and per
 * byte of log, with a margin: as columns, a million entries (140 MB of log) keep about 70 MB of heap
 * (bench/RESULTS.md). Beyond Node's heap limit a run would end in V8's out-of-memory crash with a native stack
 * trace; refusing up front says why and what to do.
 */
const HEAP_BYTES_TO_READ = 64 * 2 ** 20;
const HEAP_BYTES_PER_LOG_BYTE = 1;

/** Why logs of `bytes` cannot be read into this process's memory, or null. Files that cannot be read are reported later. */
function memoryShortfall(bytes: number): string | null {
  const needed = HEAP_BYTES_TO_READ + bytes * HEAP_BYTES_PER_LOG_BYTE;
  const limit = getHeapStatistics().heap_size_limit;
  if (needed <= limit) return null;
  const suggested = Math.ceil((needed * 1.3) / 2 ** 30) * 1024;
  return (
    `the work logs are ${memorySize(bytes)}; reading them needs about ${memorySize(needed)} of memory, more than this Node process may use (${memorySize(limit)}). ` +
    `Give Node more, e.g. NODE_OPTIONS=--max-old-space-size=${suggested} ipex-bill …, on a machine with that much memory free; ` +
    'or pass only the logs the month needs (its own and the earlier months of its year). Nothing was read or written.'
  );
}

function memorySize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/** An output folder's closed months, and what they billed as columns: `records.month` indexes `closedMonths`. */
export interface ClosedRecords extends OutputFolder {
  closedMonths: string[];
  records: EntryTable;
}

/** The output folder of closed months: `--out`, else `out` in the config; null when neither is set. */
export function outputFolderOf(inputs: InputsRequest, config: Config, ctx: CliContext): string | null {
  return inputs.out !== null ? resolve(ctx.cwd, inputs.out) : config.out;
}

/**
 * The closed months of an output folder (`outputFolderOf`; none when there is none). The
 * folder must exist and every month in it must be readable, or the command stops with exit 5: billing beside a
 * month it cannot read could bill an entry twice. `billing` names the month being billed: its own record is
 * not needed to bill it again (only to list what changed, read then). For `run` (`reissuing` given) its files
 * are checked in full (`readClosedMonths`), and its damage is accepted when it is being reissued.
 */
export async function readOutputFolder(
  outDir: string | null,
  ctx: CliContext,
  billing: { month: string; log: EntryTable; priceList: PriceList; decisions: readonly Decision[]; reissuing?: boolean },
): Promise<{ exit: ExitCode } | ClosedRecords> {
  const records = new EntryTable();
  if (outDir === null) return { months: [], damaged: [], closedMonths: [], records };
  const recordMonths: string[] = [];
  // Only the records that can change this month's bill are kept; what decides it is made when a first record
  // is read (a folder of no other month costs nothing).
  const needed: RecordsNeededFor = { log: billing.log, month: billing.month, priceList: billing.priceList, decided: new Set(billing.decisions.map((d) => d.entryId)) };
  const into = (recordMonth: string) => (recordMonth === billing.month ? null : { table: records, month: recordMonths.push(recordMonth) - 1, needed });
  const problem = checkOutDir(outDir);
  const found = problem === null ? await readClosedMonths(outDir, into, billing.reissuing === undefined ? undefined : billing.month, ctx.threads) : { error: problem };
  if ('error' in found) {
    ctx.stderr.write(`ipex-bill: ${found.error}\n`);
    return { exit: EXIT.OUTPUT_FAILED };
  }
  const blocking = found.damaged.filter((d) => !(billing.reissuing === true && d.month === billing.month));
  if (blocking.length > 0) {
    ctx.stderr.write(renderDamagedMonths(blocking, outDir, ctx, billing.month));
    return { exit: EXIT.OUTPUT_FAILED };
  }
  // A closed month that billed nothing still counts as closed (an entry dated in it is late).
  const closedMonths = [...recordMonths, ...found.months.map((c) => c.month).filter((m) => !recordMonths.includes(m))];
  records.compact();
  return { ...found, closedMonths, records };
}

/** What is wrong with each damaged month, why nothing was done, and how to replace the month. */
function renderDamagedMonths(damaged: readonly DamagedMonth[], outDir: string, ctx: CliContext, billing: string | undefined): string {
  const out = damaged.map((d) => {
    const where = displayPath(d.folder, ctx.cwd);
    return (
      `ipex-bill: the closed month ${d.month} (${where}/) is damaged:\n${d.problems.map((p) => `  ${p}\n`).join('')}` +
      `  See every problem with: ipex-bill verify ${where}\n` +
      `  To replace it with a new complete version, bill ${d.month} again with --reissue "reason"; the damaged version is kept as ${displayPath(join(outDir, `${d.month}.v${d.version}`), ctx.cwd)}/.\n`
    );
  });
  const own = damaged.length === 1 && damaged[0]!.month === billing;
  const why = own
    ? `ipex-bill: ${billing} cannot be compared with what was written, so nothing was written.\n`
    : 'ipex-bill: billing beside a month whose record cannot be trusted could bill an entry twice, so nothing was billed or written.\n';
  return out.join('') + why;
}

/**
 * The clerk's decisions (`--decisions FILE`, the filled-in review file), read with the same dialect detection
 * as the other inputs. No file given: no decisions.
 */
export function readDecisionsFile(
  inputs: InputsRequest,
  config: Config,
  ctx: CliContext,
): { decisions: Decision[]; digests: LoadedInputs['digests']; issues: Issue[] } {
  const file = inputs.decisions;
  if (file === null) return { decisions: [], digests: [], issues: [] };
  const read = readInputFile(resolve(ctx.cwd, file), file);
  if ('issue' in read) return { decisions: [], digests: [], issues: [read.issue] };
  let dialect: InputDialect | null = null;
  const parsed = parseDecisions(read.bytes, file, config.priceList, {
    ...inputs.dialect,
    restoreNeutralised: true,
    onDialect: (found) => (dialect = found),
  });
  return { decisions: parsed.value, digests: [inputRecord('decisions', file, read.bytes, dialect)], issues: parsed.issues };
}
