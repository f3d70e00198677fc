import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { billMonth, type BillingInput, type MonthBill } from '../../billing/bill-month.js';
import type { Issue } from '../../billing/issue.js';
import type { PriceList } from '../../billing/price-list.js';
import { isRowProblem, setAsideEntries, setAsideRows, sortSetAside, type SetAsideRow } from '../../billing/set-aside.js';
import type { Entry } from '../../billing/types.js';
import type { LoadedInputs } from '../../io/load-inputs.js';
import { REJECTED_FILE, renderRejectedCsv } from '../../report/rejected.js';
import type { UnresolvedTreatment } from '../../billing/classify.js';
import { compareEntrySets } from '../../billing/closed-months.js';
import { digestStream, sha256Hex, sha256OfChunks } from '../../io/digest.js';
import { PRAGUE } from '../../io/fields.js';
import { publishMonth } from '../../io/month-store.js';
import { closedMonthNotes, limitNotes, renderClosedMonthRefusal } from '../../report/closed-month-text.js';
import { CSV_DIALECTS } from '../../report/csv-dialect.js';
import { billJsonChunks } from '../../report/json.js';
import { buildManifest, MANIFEST_FILE, renderManifest, type FileDigest } from '../../report/manifest.js';
import { renderMonthFolder, type MonthFile } from '../../report/month-folder.js';
import { renderStatementText, renderSummaryText } from '../../report/text.js';
import { shouldColour, terminalStyle } from '../colour.js';
import { STATEMENTS_ON_SCREEN, type RunOptions } from '../commands/run.js';
import { startProgress, type Progress } from '../progress.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readDecisionsFile, readMonthInputs, readOutputFolder } from '../month-inputs.js';
import { reportIssues, withColumnAsWritten } from '../report-issues.js';
import { displayPath } from '../settings.js';
import { TOOL_VERSION } from '../version.js';

/** How many notes (late entries, entries edited after billing) stderr shows; the manifest keeps more. */
const NOTES_ON_SCREEN = 20;
const NOTES_IN_MANIFEST = 1000;

/**
 * `ipex-bill run`: bill the month; with an output folder, close it (write it once, or check that it is
 * unchanged, or reissue it); print statements and the summary unless --quiet.
 */
export async function runMonth(options: RunOptions, ctx: CliContext): Promise<ExitCode> {
  const progress = startProgress(ctx, !options.quiet);
  try {
    return await billAndWrite(options, ctx, progress);
  } finally {
    progress.done();
  }
}

async function billAndWrite(options: RunOptions, ctx: CliContext, progress: Progress): Promise<ExitCode> {
  const read = readMonthInputs(options.month, options, ctx, undefined, progress);
  if ('exit' in read) return read.exit;
  const { config, month } = read;
  const note = (text: string) => {
    if (!options.quiet) ctx.stderr.write(text);
  };
  const fail = (code: ExitCode, message: string) => {
    ctx.stderr.write(`ipex-bill: ${message}\n`);
    return code;
  };

  const outDir = options.out !== undefined ? resolve(ctx.cwd, options.out) : config.out;
  if (options.reissue !== undefined && outDir === null) return fail(EXIT.USAGE, '--reissue replaces a month in the output folder; give --out DIR');
  if (options.reissue !== undefined && options.reissue.trim() === '') return fail(EXIT.USAGE, '--reissue needs a reason, e.g. --reissue "C03 tier corrected"');

  // The output folder is checked before any billing, so a cron job with a missing mount fails fast and clearly.
  const found = readOutputFolder(outDir, ctx);
  if ('exit' in found) return found.exit;
  const closed = found.months;

  const decided = readDecisionsFile(options.decisions, options, config, ctx);
  progress.step(`billing ${month}`);
  const treatUnresolved: UnresolvedTreatment = options.treatUnresolved ?? null;
  const billingInput = { month, ...read.inputs, treatUnresolved, closedMonths: closed, decisions: decided.decisions };
  const rejected = options.rejectInvalid ? setAsideInvalidRows(read, billingInput, config.priceList) : { setAside: [], entries: read.inputs.entries, issues: read.issues };
  const billed = billMonth({ ...billingInput, entries: rejected.entries }, config.priceList);
  const issues = [...rejected.issues, ...decided.issues, ...billed.issues];
  if (issues.length > 0 || !billed.value) return reportIssues(ctx, issues, read.inputs.headerNames);
  const bill = billed.value;
  const shownStatements = statementsToShow(bill, options);
  if ('unknown' in shownStatements) {
    progress.done();
    const known = bill.statements.length <= 10 ? ` (statements this month: ${bill.statements.map((s) => s.customer).join(', ')})` : '';
    return fail(EXIT.NO_SUCH_CUSTOMER, `--customer ${shownStatements.unknown.join(', ')}: no statement for ${shownStatements.unknown.length === 1 ? 'this customer' : 'these customers'} in ${month}${known}; nothing was written`);
  }
  const setAside = sortSetAside(rejected.setAside, read.inputs.digests.map((d) => d.file));
  const notes = [...closedMonthNotes(bill), ...unusedDecisionNotes(bill)];

  let wrote = '';
  if (outDir !== null) {
    // The bill's hash is the hash of its --json text, taken a statement at a time (it may not fit one string);
    // only a closed month needs it.
    const billSha256 = sha256OfChunks(billJsonChunks(bill));
    const previous = closed.find((c) => c.month === month) ?? null;
    const shown = displayPath(join(outDir, month), ctx.cwd);
    if (previous && options.reissue === undefined) {
      const { manifest } = previous;
      if (manifest.bill_sha256 !== billSha256) {
        ctx.stderr.write(
          renderClosedMonthRefusal({
            month,
            version: manifest.version,
            createdAt: manifest.created_at,
            entries: compareEntrySets(previous.entries, bill.statements.flatMap((s) => s.lines.map((l) => l.entry))),
            totalBefore: manifest.totals.total_amount_haler,
            totalAfter: bill.totals.totalAmount,
            priceListChanged: manifest.price_list_sha256 !== priceListSha256(config.priceList),
          }),
        );
        return EXIT.MONTH_CLOSED;
      }
      wrote = `${month} is already billed (${shown}/, version ${manifest.version}, written ${manifest.created_at}); these inputs bill it identically, so nothing was written.\n`;
    } else if (!previous && options.reissue !== undefined) {
      return fail(EXIT.USAGE, `--reissue: ${month} has not been billed into ${displayPath(outDir, ctx.cwd)} yet; run without --reissue`);
    } else {
      progress.step(`writing ${shown}/`);
      const dialect = CSV_DIALECTS[options.csvDialect ?? config.csvDialect ?? 'rfc4180'];
      const version = (previous?.manifest.version ?? 0) + 1;
      // Files are rendered, hashed and written one at a time; the manifest, which lists their hashes, comes last.
      const outputs: FileDigest[] = [];
      const manifestFor = () => buildManifest({
        bill,
        version,
        createdAt: DateTime.fromMillis(ctx.clock(), { zone: PRAGUE }).set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '',
        tool: { name: 'ipex-bill', version: TOOL_VERSION },
        priceListSha256: priceListSha256(config.priceList),
        csvDialect: dialect.name,
        inputs: [...read.inputs.digests, ...decided.digests],
        rejected: setAside.length,
        billSha256,
        outputs,
        reissue: previous ? { reason: options.reissue ?? '', replaces_version: previous.manifest.version, previous_bill_sha256: previous.manifest.bill_sha256 } : null,
        notes: limitNotes(notes, NOTES_IN_MANIFEST),
      });
      // Each file is hashed piece by piece as the writer takes the pieces, and listed once it is complete.
      const hashed = (file: MonthFile) => ({
        path: file.path,
        contents: digestingPieces(file.path, typeof file.contents === 'string' ? [file.contents] : file.contents, (digest) => outputs.push(digest)),
      });
      const files = function* () {
        for (const file of renderMonthFolder(bill, dialect)) yield hashed(file);
        if (options.rejectInvalid) yield hashed({ path: REJECTED_FILE, contents: renderRejectedCsv(setAside, dialect) });
        yield { path: MANIFEST_FILE, contents: renderManifest(manifestFor()) };
      };
      const written = await publishMonth(outDir, month, version, files());
      if ('error' in written) return fail(EXIT.OUTPUT_FAILED, written.error);
      wrote = previous
        ? `Reissued ${shown}/ as version ${version}; version ${previous.manifest.version} is kept in ${shown}.v${previous.manifest.version}/.\n`
        : `Wrote ${shown}/: summary.csv, invoices.csv, lines.csv, units.csv, entries.csv, manifest.json and ${bill.statements.length} statements.\n`;
    }
  }

  progress.done();
  if (!options.quiet) {
    if (options.json) {
      for (const chunk of billJsonChunks(bill)) ctx.stdout.write(chunk);
    } else {
      const style = terminalStyle(options.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
      for (const statement of shownStatements.statements) ctx.stdout.write(`${renderStatementText(statement, style)}\n`);
      ctx.stdout.write(renderSummaryText(bill, style));
    }
  }
  if (!options.json && shownStatements.statements.length < bill.statements.length && options.statements === 'auto' && options.customer === undefined) {
    const where = outDir === null ? '' : `; all are in ${displayPath(join(outDir, month), ctx.cwd)}/statements/`;
    note(`Summary only: ${bill.statements.length} statements are more than a screenful. --customer ID prints one, --statements all prints every one${where}.\n`);
  }

  note(notBilledNote(bill));
  note(setAsideNote(setAside, outDir !== null));
  for (const line of limitNotes(notes, NOTES_ON_SCREEN)) note(`Note: ${line}\n`);
  if (treatUnresolved) note(`Unresolved entries were billed as ${treatUnresolved.toUpperCase()} by --treat-unresolved.\n`);
  note(wrote);
  return EXIT.OK;
}

/**
 * The statements to print: those of `--customer` (each must have one this month), else all or none as
 * `--statements` says; `auto` prints them all only while they fit a screenful of customers.
 */
function statementsToShow(bill: MonthBill, options: RunOptions): { statements: MonthBill['statements'] } | { unknown: string[] } {
  if (options.customer !== undefined) {
    const wanted = new Set(options.customer);
    const unknown = [...wanted].filter((id) => !bill.statements.some((s) => s.customer === id));
    if (unknown.length > 0) return { unknown };
    return { statements: bill.statements.filter((s) => wanted.has(s.customer)) };
  }
  if (options.statements === 'none') return { statements: [] };
  if (options.statements === 'auto' && bill.statements.length > STATEMENTS_ON_SCREEN) return { statements: [] };
  return { statements: bill.statements };
}

/** Text pieces as UTF-8 bytes, with the whole file's size and sha256 told once the last piece is taken. */
function* digestingPieces(file: string, pieces: Iterable<string>, done: (digest: FileDigest) => void): Generator<Uint8Array> {
  const digest = digestStream(file);
  for (const piece of pieces) {
    const bytes = Buffer.from(piece, 'utf8');
    digest.update(bytes);
    yield bytes;
  }
  done(digest.finish());
}

/** The price list as billing used it; a change of any price, tier or catalogue item changes the hash. */
function priceListSha256(priceList: unknown): string {
  return sha256Hex(JSON.stringify(priceList));
}

/**
 * `--reject-invalid`: the work-log rows that cannot be billed as written, set aside with their reasons; the
 * problems that remain (anything not confined to one row) still stop the run. A first billing pass finds the
 * rows only billing can judge (duplicate ids, unknown customers); the caller bills the rest.
 */
function setAsideInvalidRows(
  read: { inputs: LoadedInputs; issues: Issue[] },
  input: BillingInput,
  priceList: PriceList,
): { setAside: SetAsideRow[]; entries: Entry[]; issues: Issue[] } {
  const workLogs = new Set(read.inputs.digests.filter((d) => d.kind === 'work-log').map((d) => d.file));
  // rejected.csv names columns as the file does (`Doba`, `Start Date`), like the messages on stderr.
  const asWritten = (issue: Issue) => withColumnAsWritten(issue, read.inputs.headerNames);
  const rows = setAsideRows(read.inputs.invalidRows, read.issues.filter((i) => isRowProblem(i, workLogs)).map(asWritten));
  const issues = [...read.issues.filter((i) => !isRowProblem(i, workLogs)), ...rows.unmatched];
  if (issues.length > 0) return { setAside: rows.setAside, entries: read.inputs.entries, issues };
  const probe = billMonth(input, priceList);
  const entries = setAsideEntries(read.inputs.entries, probe.issues.filter((i) => isRowProblem(i, workLogs)).map(asWritten));
  return { setAside: [...rows.setAside, ...entries.setAside], entries: entries.kept, issues };
}

function setAsideNote(rows: readonly SetAsideRow[], written: boolean): string {
  if (rows.length === 0) return '';
  const shown = rows.slice(0, NOTES_ON_SCREEN).map((r) => `  ${r.source.file}:${r.source.line}: ${r.problems.join('; ')}\n`).join('');
  const more = rows.length > NOTES_ON_SCREEN ? `  … and ${rows.length - NOTES_ON_SCREEN} more\n` : '';
  const where = written ? ` (listed with their reasons in ${REJECTED_FILE})` : '';
  return `Set aside by --reject-invalid, not billed: ${rows.length} row${rows.length === 1 ? '' : 's'}${where}:\n${shown}${more}`;
}

/** A decision for an id the log does not have decides nothing; the clerk should know (a typo, a removed entry). */
function unusedDecisionNotes(bill: MonthBill): string[] {
  return bill.unusedDecisions.map((d) => `${d.source.file}:${d.source.line}: the decision for entry ${d.entryId} was not used: no entry with this id in the work log`);
}

function notBilledNote(bill: MonthBill): string {
  const { earlier, later, alreadyBilled } = bill.entryCounts;
  const parts = [
    earlier > 0 ? `${earlier} dated before ${bill.month} (used only to count consultation sessions and case causes)` : '',
    later > 0 ? `${later} dated after ${bill.month}` : '',
    alreadyBilled > 0 ? `${alreadyBilled} already billed by closed months` : '',
  ].filter(Boolean);
  const total = earlier + later + alreadyBilled;
  return total === 0 ? '' : `Not billed: ${total} entr${total === 1 ? 'y' : 'ies'}: ${parts.join('; ')}.\n`;
}
