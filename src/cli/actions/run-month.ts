import { join } from 'node:path';
import { DateTime } from 'luxon';
import { billStatements, monthBillOf, planMonth, type BillingInput, type MonthBill } from '../../billing/bill-month.js';
import type { Worker } from 'node:worker_threads';
import { monthMaker, startThreadAhead, type Made } from '../month-maker.js';
import { topUpAdvice, type TopUpAdvice } from '../../billing/top-up-advice.js';
import { formatCzk, formatHours } from '../../report/format.js';
import { compareEntrySets } from '../../billing/billed-once.js';
import { EntryTable } from '../../billing/entry-table.js';
import type { Issue } from '../../billing/issue.js';
import { isRowProblem, setAsideRows, sortSetAside, type SetAsideRow } from '../../billing/set-aside.js';
import type { Statement } from '../../billing/statement.js';
import type { PriceList } from '../../billing/price-list.js';
import type { Entry } from '../../billing/types.js';
import { daysMissingAtMonthEnd, logSpanOf } from '../../billing/log-span.js';
import type { LoadedInputs } from '../../io/load-inputs.js';
import { digestStream, sha256Hex, textHash } from '../../io/digest.js';
import { PRAGUE } from '../../io/fields.js';
import type { FolderLock } from '../../io/folder-lock.js';
import { checkOutDir, draftMonth, readClosedMonth, type MonthDraft } from '../../io/month-store.js';
import { closedMonthNotes, limitNotes, renderClosedMonthRefusal } from '../../report/closed-month-text.js';
import { CSV_DIALECTS, type CsvDialect } from '../../formats/csv-dialect.js';
import { billJsonChunksV1, billJsonWriter } from '../../report/json.js';
import { BILL_FILES, billListing, MANIFEST_FILE, MANIFEST_FORMAT, type FileDigest, type Manifest } from '../../formats/manifest.js';
import { buildManifest, renderManifest } from '../../report/manifest.js';
import { billTables, DOCUMENT_LINE, monthTables, STATEMENT_TEXT } from '../../report/month-folder.js';
import { recordWriter } from '../../report/record.js';
import { RECORD_BIN } from '../../formats/record.js';
import { renderIncompleteExport, renderLockBusy, renderNoEntries } from '../../report/refusals.js';
import { REJECTED_FILE, renderRejectedCsv } from '../../report/rejected.js';
import { activityNameIn, renderStatementText, renderSummaryText } from '../../report/text.js';
import { escapeHiddenInJson } from '../../report/visible.js';
import { shouldColour, terminalStyle } from '../colour.js';
import { STATEMENTS_ON_SCREEN } from '../commands/run.js';
import type { RunRequest, RunScreen } from '../request.js';
import type { CliContext } from '../context.js';
import { EXIT, INTERRUPTING_SIGNALS, type ExitCode, type InterruptingSignal } from '../exit-codes.js';
import { outputFolderOf, readDecisionsFile, readMonthInputs, readOutputFolder } from '../month-inputs.js';
import { startProgress, type Progress } from '../progress.js';
import { reportIssues, withColumnAsWritten } from '../report-issues.js';
import { displayPath } from '../settings.js';
import { TOOL_VERSION } from '../version.js';
import type { PdfRenderer } from '../pdf-pool.js';
import { DOCUMENTS_FILE, type StatementDocument } from '../../formats/statement-document.js';
import type { MonthVersion } from '../../report/csv.js';
import { statementBaseName } from '../../report/file-names.js';

/** How many notes (late entries, entries edited after billing) stderr shows; the manifest keeps more. */
const NOTES_ON_SCREEN = 20;
const NOTES_IN_MANIFEST = 1000;

type Read = Extract<Awaited<ReturnType<typeof readMonthInputs>>, { month: string }>;

interface Say {
  note(text: string): void;
  fail(code: ExitCode, message: string): ExitCode;
}

/**
 * `ipex-bill run`: bill the month; with an output folder, close it (write it once, or check that it is
 * unchanged, or reissue it); print statements and the summary unless --quiet.
 */
export async function runMonth(request: RunRequest, ctx: CliContext): Promise<ExitCode> {
  const progress = startProgress(ctx, !request.screen.quiet);
  const say: Say = {
    note: (text) => {
      if (!request.screen.quiet) ctx.stderr.write(text);
    },
    fail: (code, message) => {
      progress.done();
      ctx.stderr.write(`ipex-bill: ${message}\n`);
      return code;
    },
  };
  try {
    return await readBillAndWrite(request, ctx, progress, say);
  } finally {
    progress.done();
  }
}

/**
 * Read the inputs into columns, take the output folder's lock, then bill the month and compare it with the
 * closed month or write it, and print what was asked for.
 */
async function readBillAndWrite(request: RunRequest, ctx: CliContext, progress: Progress, say: Say): Promise<ExitCode> {
  // A mistyped --out or a --reissue without its reason is said at once, not after a million entries are read.
  const refusal = (outDir: string | null): ExitCode | null => {
    if (request.reissue !== null && outDir === null) return say.fail(EXIT.USAGE, '--reissue replaces a month in the output folder; give --out DIR');
    if (request.reissue !== null && request.reissue.trim() === '') return say.fail(EXIT.USAGE, '--reissue needs a reason, e.g. --reissue "C03 tier corrected"');
    const unusable = outDir === null ? null : checkOutDir(outDir);
    return unusable === null ? null : say.fail(EXIT.OUTPUT_FAILED, unusable);
  };
  // The thread beside (month-maker.ts) starts as the logs begin to be read, unless PDFs are to be written (they
  // have the cores then) or rows are to be set aside (which bills some customers twice, on this thread).
  let ahead: Worker | null = null;
  const read = await readMonthInputs(request.month, request.inputs, ctx, {
    progress,
    beforeReading: (config) => refusal(outputFolderOf(request.inputs, config, ctx)),
    readingLogs: (bytes, config) => {
      const pdfs = request.pdf && outputFolderOf(request.inputs, config, ctx) !== null;
      if (!pdfs && !request.rejectInvalid) ahead = startThreadAhead(bytes, ctx.threads);
    },
  });
  if ('exit' in read) return read.exit;
  const outDir = outputFolderOf(request.inputs, read.config, ctx);
  if (outDir === null) return billAndPublish(request, ctx, progress, say, read, null, null, ahead);

  // One writer per output folder (issue 13): what the folder holds is read only under its lock, and the lock
  // is kept until the month is published or the run gives up, so a second writer decides afresh afterwards.
  // (Checked again: the folder may have gone while the logs were read.)
  const unusable = refusal(outDir);
  if (unusable !== null) return unusable;
  // Loaded only here: a run without an output folder needs no lock (and starts faster without the library).
  const { lockOutputFolder } = await import('../../io/folder-lock.js');
  const locked = await lockOutputFolder(outDir, { pid: ctx.pid, command: ctx.command, waitMs: request.waitSeconds * 1000, isRunning: ctx.isRunning });
  if ('error' in locked) return say.fail(EXIT.OUTPUT_FAILED, `${locked.error}. Nothing was written.`);
  if ('busy' in locked) {
    const holder = locked.busy && { ...locked.busy, since: DateTime.fromISO(locked.busy.since).setZone(PRAGUE).toFormat('yyyy-MM-dd HH:mm:ss') };
    return say.fail(EXIT.FOLDER_LOCKED, renderLockBusy(displayPath(outDir, ctx.cwd), holder, locked.waitedMs));
  }
  // From here on a Ctrl-C or SIGTERM is answered at the next customer: the month being written is removed and
  // the lock given back, instead of both being left for the next run to clear.
  return ctx.interruption.guard(async () => {
    try {
      return await billAndPublish(request, ctx, progress, say, read, outDir, locked.lock, ahead);
    } finally {
      await locked.lock.release();
    }
  });
}

/** Bill the month and, with an output folder (whose lock this run holds), compare it with what was written or write it. */
async function billAndPublish(
  request: RunRequest,
  ctx: CliContext,
  progress: Progress,
  { note, fail }: Say,
  read: Read,
  outDir: string | null,
  lock: FolderLock | null,
  /** The thread beside, if started as the logs were read. */
  ahead: Worker | null,
): Promise<ExitCode> {
  const { config, month } = read;
  const log = read.inputs.entries;

  // The closed months' records go into columns like the log, those of their entries that can still change
  // this bill (the decisions are among what decides it). The billed month's own record is not needed to bill
  // it again, only to list what changed should the bill differ: it is read again then.
  const decided = readDecisionsFile(request.inputs, config, ctx);
  const found = await readOutputFolder(outDir, ctx, { month, log, priceList: config.priceList, decisions: decided.decisions, reissuing: request.reissue !== null });
  if ('exit' in found) return found.exit;
  const previous = outDir === null ? null : (found.months.find((c) => c.month === month) ?? null);
  // A damaged month being reissued (readOutputFolder refused it otherwise): replaced like any other version.
  const damaged = found.damaged.find((d) => d.month === month) ?? null;
  const previousVersion = previous?.manifest.version ?? damaged?.version ?? null;
  if (outDir !== null && previousVersion === null && request.reissue !== null) {
    return fail(EXIT.USAGE, `--reissue: ${month} has not been billed into ${displayPath(outDir, ctx.cwd)} yet; run without --reissue`);
  }
  // A closed month billed again without --reissue is only compared with what was written; else it is written.
  const comparing = previous !== null && request.reissue === null;
  const writing = outDir !== null && !comparing;

  // A month without a single entry is most likely a mistyped --month or an export that was not refreshed;
  // once closed, its real work could come only as late entries (issue 13). A closed month is compared instead.
  const span = logSpanOf(log);
  const newest = span.newestOf.get(month);
  if (!comparing && newest === undefined && !request.allowEmpty && read.issues.length === 0) {
    return fail(EXIT.NO_ENTRIES, renderNoEntries(month, span));
  }
  const missingDays = comparing || newest === undefined ? null : daysMissingAtMonthEnd(newest, month);
  const dialect = CSV_DIALECTS[request.csvDialect ?? config.csvDialect ?? 'rfc4180'];

  const checked = checkReadRows(read, request.rejectInvalid);
  const workLogs = workLogFiles(read);
  const input: BillingInput = {
    month,
    log,
    records: found.records,
    closedMonths: found.closedMonths,
    customers: read.inputs.customers,
    unreadCustomers: read.inputs.unreadCustomers,
    topUps: read.inputs.topUps,
    treatUnresolved: request.treatUnresolved,
    decisions: decided.decisions,
    rejectInvalid: request.rejectInvalid ? { workLogs, asWritten: (issue) => withColumnAsWritten(issue, read.inputs.headerNames) } : null,
  };
  const priceList = config.priceList;

  // The month is billed a customer at a time; each statement's rows and files are written as it is billed and
  // let go, so memory holds the columns and one customer's objects, never the month's. Customers come in id
  // order, so the tables' rows, one customer after another, are the month's files.
  progress.step(`billing ${month}`);
  const version = (previousVersion ?? 0) + 1;
  const draft = writing ? draftMonth(outDir, month, version, { mayPublish: () => lock?.lostBecause() ?? null }) : null;
  // Loaded only to write PDFs: pdfkit and the fonts are most of what this command would otherwise load.
  // R8 (issue 16): for the notes, the bill's JSON and the statement documents, worked out once a statement.
  const advised = new WeakMap<Statement, TopUpAdvice | null>();
  const advice = (statement: Statement) => {
    let found = advised.get(statement);
    if (found === undefined) advised.set(statement, (found = topUpAdvice(statement, config.priceList)));
    return found;
  };
  const pdfs = draft && request.pdf ? (await import('../pdf-pool.js')).pdfRenderer(read.inputs.customers.length, ctx.threads) : null;
  let statementCount: number | null = null; // known once every customer is billed
  const documents: MonthDocuments | null = draft && {
    renderer: pdfs,
    rendered: (count) => {
      // Once billing is done, the PDFs still being made are all the run waits for: say how many are left.
      if (count % 100 === 0) progress.step(statementCount === null ? `billing ${month}: ${count} PDF statements made` : `PDF statements: ${count} of ${statementCount}`);
    },
  };
  const monthVersion = { version, replaces: previousVersion };
  const written = draft ? startMonthFiles(draft, log, dialect, monthVersion, documents) : null;
  const issues = [...checked.issues, ...decided.issues];
  // Each customer is billed and its outputs made (for a large month on both cores, month-maker.ts), then its
  // part merged into the bill and its outputs written, in customer order. After a problem the other customers
  // are still billed, to report every problem at once, but nothing is written.
  const plan = planMonth(input, priceList);
  const merged = monthBillOf(plan);
  // A --customer the month does not even bill has no statement, and the run will refuse (below): nothing is
  // made to be written, so a mistyped id is said without rendering the month's files and PDFs first.
  const shown = showPlan(request.screen);
  const billedIds = new Set(plan.customers);
  const refusing = shown.customers !== null && [...shown.customers].some((id) => !billedIds.has(id));
  // The bill's hash (manifest@6) lists the hashes of its tables (`billListing`): as written, or, for a closed
  // month compared, as they would be written in that month's dialect. A month of an earlier format is compared
  // through its own hash, made from the statements billed again (`sameBillAs`): nothing to make for it here.
  const hashing = comparing && previous.manifest.format === MANIFEST_FORMAT;
  const making = issues.length > 0 || outDir === null || refusing ? 'parts' : written ? 'files' : hashing ? 'hash' : 'parts';
  const hashedDialect = comparing ? CSV_DIALECTS[previous.manifest.csv_dialect] : dialect;
  const billTables = making === 'hash' ? billTableHashes(hashedDialect) : null;
  const maker = monthMaker(plan, priceList, { supplier: config.supplier, dialect: hashedDialect, version: monthVersion }, making, { threads: ctx.threads, pdfs: pdfs !== null, ahead });
  let billedSoFar = 0;
  // R8: customers for whom one more top-up block would have cost less this month (issue 16).
  const adviceNotes: string[] = [];
  // Answered only under the lock (`guard`); without an output folder a signal ends the process at once.
  const interrupted = () => {
    const reason = ctx.interruption.signal.reason as InterruptingSignal;
    return fail(INTERRUPTING_SIGNALS[reason] ?? EXIT.INTERRUPTED, `interrupted (${reason}): nothing was written; what this run had begun to write is removed`);
  };
  try {
    for (const [n, customer] of plan.customers.entries()) {
      if (ctx.interruption.signal.aborted) return interrupted();
      const made = await maker.made(n);
      if (!merged.add(made.part)) continue;
      if (made.advice) adviceNotes.push(topUpAdviceNote(customer, made.advice));
      if (made.texts === null) continue;
      billTables?.add(made.texts);
      if (written) await written.add(customer, made);
      if (++billedSoFar % 1000 === 0) progress.step(`billing ${month}: ${billedSoFar} statements`);
    }
    await maker.close();
    const billed = merged.done();
    issues.push(...billed.issues);
    if (issues.length > 0 || billed.value === null) return reportIssues(ctx, issues, read.inputs.headerNames, undefined, config.priceList);
    const bill = billed.value;
    statementCount = bill.statements.length;
    if (draft?.failure) return fail(EXIT.OUTPUT_FAILED, draft.failure);

    if (shown.customers) {
      const unknown = [...shown.customers].filter((id) => !bill.statements.some((s) => s.customer === id));
      if (unknown.length > 0) {
        const known = bill.statements.length <= 10 ? ` (statements this month: ${bill.statements.map((s) => s.customer).join(', ')})` : '';
        return fail(EXIT.NO_SUCH_CUSTOMER, `--customer ${unknown.join(', ')}: no statement for ${unknown.length === 1 ? 'this customer' : 'these customers'} in ${month}${known}; nothing was written`);
      }
    }
    const setAside = sortSetAside([...checked.setAside, ...bill.setAside], read.inputs.digests.map((d) => d.file));
    const notes = [...closedMonthNotes(bill), ...unusedDecisionNotes(bill), ...adviceNotes];
    // The statements again, for --json or the screen after the month is written, or to compare with a month
    // closed by version 0.1: billing is cheap next to holding a large month's statements until the end.
    const statementsAgain = { [Symbol.iterator]: () => billStatements(input, priceList) };

    let wrote = '';
    if (outDir !== null) {
      const where = displayPath(join(outDir, month), ctx.cwd);
      // Each format's own definition of the bill's hash; the older ones, and a month in another dialect, from
      // the statements billed again. `hashed` is this run's hash of its tables in `hashedDialect`, if made.
      const sameBillAs = (manifest: Manifest, hashed: string | null) =>
        manifest.format === 'ipex-bill/manifest@1'
          ? manifest.bill_sha256 === billHash(billJsonChunksV1(month, bill.totals, bill.statements.length, statementsAgain))
          : manifest.format === 'ipex-bill/manifest@2' || manifest.format === 'ipex-bill/manifest@3'
            ? manifest.bill_sha256 === billHash(billJsonChunks(billJsonWriter(month, null), bill.totals, statementsAgain))
            : manifest.format === 'ipex-bill/manifest@4'
              ? manifest.bill_sha256 === billHash(billJsonChunks(billJsonWriter(month, advice), bill.totals, statementsAgain))
              : manifest.format === 'ipex-bill/manifest@5'
                ? manifest.bill_sha256 === billHash(billJsonChunks(billJsonWriter(month, advice, 'compact'), bill.totals, statementsAgain))
                : manifest.bill_sha256 === (hashed !== null && manifest.csv_dialect === hashedDialect.name ? hashed : billTablesHash(CSV_DIALECTS[manifest.csv_dialect], statementsAgain));
      if (previous && comparing) {
        const { manifest } = previous;
        if (!sameBillAs(manifest, billTables?.hex() ?? null)) {
          // The month's record, read whole only now that the changes are to be listed.
          const recorded = new EntryTable();
          const reread = readClosedMonth(previous.folder, month, { table: recorded, month: 0 });
          if ('damaged' in reread) return fail(EXIT.OUTPUT_FAILED, `${previous.folder}: ${reread.damaged.problems.join('; ')}`);
          const recordedEntries = Array.from({ length: recorded.size }, (_, row) => recorded.entry(row));
          const billedEntries: Entry[] = [];
          for (const statement of statementsAgain) for (const line of statement.lines) billedEntries.push(line.entry);
          progress.done();
          ctx.stderr.write(
            renderClosedMonthRefusal({
              month,
              version: manifest.version,
              createdAt: manifest.created_at,
              entries: compareEntrySets(recordedEntries, billedEntries),
              totalBefore: manifest.totals.total_amount_haler,
              totalAfter: bill.totals.totalAmount,
              priceListChanged: manifest.price_list_sha256 !== priceListSha256(config.priceList),
            }),
          );
          return EXIT.MONTH_CLOSED;
        }
        wrote = `${month} is already billed (${where}/, version ${manifest.version}, written ${manifest.created_at}); these inputs bill it identically, so nothing was written.\n`;
      } else {
        progress.step(`writing ${where}/`);
        // Files are hashed as they are written; the manifest, which lists their hashes, comes last.
        const finished = await written!.finish();
        if (ctx.interruption.signal.aborted) return interrupted();
        if ('error' in finished) return fail(EXIT.OUTPUT_FAILED, finished.error);
        const { outputs } = finished;
        const billSha256 = sha256Hex(billListing(outputs)!);
        // A reissue that bills the month exactly as the version in force is not a new version: accounting would
        // get a "correction" that corrects nothing (issue 16). Only a version without statement documents
        // (written before them) is replaced all the same, to add them.
        if (previous && sameBillAs(previous.manifest, billSha256) && previous.manifest.outputs.some((o) => o.file === DOCUMENTS_FILE)) {
          const { manifest } = previous;
          wrote = `--reissue: these inputs bill ${month} identically to version ${manifest.version} (${where}/, written ${manifest.created_at}), so nothing was written; version ${manifest.version} stays in force.\n`;
        } else {
          if (request.rejectInvalid) {
            const digest = digestStream(REJECTED_FILE);
            await draft!.add(REJECTED_FILE, renderRejectedCsv(setAside, dialect), (bytes) => digest.update(bytes));
            outputs.push(digest.finish());
          }
          const manifest = buildManifest({
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
            reissue:
              previousVersion !== null
                ? { reason: request.reissue ?? '', replaces_version: previousVersion, previous_bill_sha256: previous?.manifest.bill_sha256 ?? damaged?.billSha256 ?? null }
                : null,
            newestEntryDate: newest ?? null,
            notes: limitNotes(notes, NOTES_IN_MANIFEST),
          });
          await draft!.add(MANIFEST_FILE, renderManifest(manifest));
          if (ctx.interruption.signal.aborted) return interrupted();
          const published = await draft!.publish();
          if ('error' in published) return fail(EXIT.OUTPUT_FAILED, published.error);
          wrote = previousVersion !== null
            ? `Reissued ${where}/ as version ${version}; ${damaged ? 'the damaged ' : ''}version ${previousVersion} is kept in ${where}.v${previousVersion}/.\n`
            : `Wrote ${where}/: summary.csv, invoices.csv, lines.csv, units.csv, record.bin, documents.jsonl, manifest.json and ${bill.statements.length} statements (${pdfs ? '.txt and .pdf' : '.txt; ipex-bill statement makes a PDF from documents.jsonl'}).\n`;
        }
      }
    }

    progress.done();
    if (!request.screen.quiet) {
      if (request.screen.json) {
        // The bill's hash is over the pieces as rendered; on stdout, raw C1 and bidi characters become \u escapes.
        const again = billJsonWriter(month, advice);
        ctx.stdout.write(escapeHiddenInJson(again.head));
        for (const statement of statementsAgain) ctx.stdout.write(escapeHiddenInJson(again.statement(statement)));
        ctx.stdout.write(escapeHiddenInJson(again.tail(bill.totals)));
      } else {
        const style = terminalStyle(request.screen.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
        const width = screenWidth(request.screen, ctx);
        const all = shown.all || (shown.auto && bill.statements.length <= STATEMENTS_ON_SCREEN);
        if (all || shown.customers) {
          for (const statement of statementsAgain) {
            if (all || shown.customers?.has(statement.customer)) ctx.stdout.write(`${renderStatementText(statement, style, activityNameIn(priceList), width)}\n`);
          }
        }
        ctx.stdout.write(renderSummaryText(bill, style, width));
      }
    }
    if (!request.screen.json && shown.auto && bill.statements.length > STATEMENTS_ON_SCREEN) {
      const all = outDir === null ? '' : `; all are in ${displayPath(join(outDir, month), ctx.cwd)}/statements/`;
      note(`Summary only: ${bill.statements.length} statements are more than a screenful. --customer ID prints one, --statements all prints every one${all}.\n`);
    }

    // Also with --quiet: it is what a cron job's mail must show.
    if (missingDays !== null) ctx.stderr.write(renderIncompleteExport(month, newest!, missingDays));
    note(notBilledNote(bill));
    note(setAsideNote(setAside, outDir !== null));
    for (const line of limitNotes(notes, NOTES_ON_SCREEN)) note(`Note: ${line}\n`);
    if (input.treatUnresolved) note(`Unresolved entries were billed as ${input.treatUnresolved.toUpperCase()} by --treat-unresolved.\n`);
    note(wrote);
    return EXIT.OK;
  } finally {
    await maker.close();
    await written?.settle(); // no PDF is still being written when the draft goes
    await pdfs?.close();
    await draft?.abandon(); // a run that did not publish leaves nothing; after publishing there is nothing left to do
  }
}

/** What makes the customers' statement documents of a month (issue 15), and their PDFs unless `--no-pdf`. */
interface MonthDocuments {
  renderer: PdfRenderer | null;
  /** Told the number of PDFs written so far, after each. */
  rendered(count: number): void;
}

/** PDFs rendered but not yet written, at most: beyond it billing waits, so memory holds only these. */
const PDFS_IN_FLIGHT = 64;

/**
 * The month folder's files, written as each statement is billed: the tables (one file for all customers) get
 * each statement's rows in turn, each statement gets its own files. Each file is hashed as it is written.
 * Each statement's document goes to documents.jsonl and, with a renderer, its PDF is rendered beside the
 * billing (on threads for a large month) and written when done; `finish` waits for the last one.
 */
function startMonthFiles(draft: MonthDraft, log: EntryTable, dialect: CsvDialect, version: MonthVersion, documents: MonthDocuments | null) {
  const tables = monthTables(dialect, version);
  const tableDigests = tables.map((table) => digestStream(table.path));
  const record = recordWriter();
  const recordDigest = digestStream(RECORD_BIN);
  const documentsDigest = documents ? digestStream(DOCUMENTS_FILE) : null;
  const statementDigests: FileDigest[] = [];
  const pdfDigests = new Map<string, FileDigest>();
  const inFlight = new Set<Promise<void>>();
  let pdfFailure: string | null = null;
  const appendRows = (index: number, rows: string | Uint8Array) => {
    const digest = tableDigests[index]!;
    draft.append(tables[index]!.path, [rows], (bytes) => digest.update(bytes));
  };
  const appendRecord = (bytes: Uint8Array) => draft.append(RECORD_BIN, [bytes], (seen) => recordDigest.update(seen));
  tables.forEach((table, index) => appendRows(index, table.header));
  appendRecord(record.start());

  const writePdf = (renderer: PdfRenderer, customer: string, document: StatementDocument) => {
    const path = `statements/${statementBaseName(customer)}.pdf`;
    const writing = renderer.render(document).then(
      async (bytes) => {
        const digest = digestStream(path);
        await draft.add(path, bytes, (seen) => digest.update(seen));
        pdfDigests.set(path, digest.finish());
        documents!.rendered(pdfDigests.size);
      },
      (error: unknown) => {
        pdfFailure ??= `cannot render ${path}: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
    inFlight.add(writing);
    void writing.then(() => inFlight.delete(writing));
  };

  return {
    /** A statement's rows, record, `.txt`, document and PDF, as `made` (`OUTPUT_TEXTS`, as text or UTF-8). */
    async add(customer: string, made: Made) {
      if (draft.failure !== null || pdfFailure !== null) return; // reported by finish / publish
      const texts = made.texts!;
      tables.forEach((_, index) => appendRows(index, texts[index]!));
      appendRecord(record.statement(log, made.lineRows, made.lineSpans));
      const path = `statements/${statementBaseName(customer)}.txt`;
      const digest = digestStream(path);
      await draft.add(path, texts[STATEMENT_TEXT]!, (bytes) => digest.update(bytes));
      statementDigests.push(digest.finish());
      if (documents) {
        draft.append(DOCUMENTS_FILE, [texts[DOCUMENT_LINE]!], (bytes) => documentsDigest!.update(bytes));
        // (PDFs are made with everything else on this thread: no thread beside it makes outputs then.)
        if (documents.renderer) writePdf(documents.renderer, customer, made.document!);
        if (inFlight.size >= PDFS_IN_FLIGHT) await Promise.race(inFlight);
      }
    },
    /** Wait for the PDFs being written (before the draft is published or abandoned). */
    settle: () => Promise.all(inFlight),
    /** Every file's digest, once the last PDF is written, or why a PDF could not be rendered. */
    async finish(): Promise<{ outputs: FileDigest[] } | { error: string }> {
      await Promise.all(inFlight);
      if (pdfFailure !== null) return { error: pdfFailure };
      draft.flushAppended();
      if (draft.failure !== null) return { error: draft.failure };
      const pdfs = [...pdfDigests.keys()].sort().map((path) => pdfDigests.get(path)!);
      return { outputs: [...tableDigests.map((d) => d.finish()), recordDigest.finish(), ...(documentsDigest ? [documentsDigest.finish()] : []), ...statementDigests, ...pdfs] };
    },
  };
}

/**
 * How wide the screen output may be (issue 16): `--width`, else on a terminal `COLUMNS` or the terminal's own
 * width; undefined in a pipe or a file, which keep the full layout.
 */
function screenWidth(screen: RunScreen, ctx: CliContext): number | undefined {
  if (screen.width !== null) return screen.width;
  if (ctx.stdout.isTTY !== true) return undefined;
  const fromEnv = Number(ctx.env.COLUMNS);
  const columns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ctx.stdout.columns;
  return columns === undefined || columns <= 0 ? undefined : Math.max(40, columns);
}

/** A bill's JSON text in pieces, from a writer and the statements. */
function* billJsonChunks(writer: ReturnType<typeof billJsonWriter>, totals: MonthBill['totals'], statements: Iterable<Statement>): Generator<string> {
  yield writer.head;
  for (const statement of statements) yield writer.statement(statement);
  yield writer.tail(totals);
}

/** R8 advice as a note for the clerk: "C08: a 4 h top-up (3 800 Kč) would have cost 1 450 Kč less this month". */
function topUpAdviceNote(customer: string, advice: TopUpAdvice): string {
  return `${customer}: a ${formatHours(advice.minutes).replace(/:00$/, '')} h top-up (${formatCzk(advice.price)}) would have cost ${formatCzk(advice.saving)} less this month`;
}

/**
 * The bill's hash of manifest@6 fed a statement at a time: the hashes of its tables (`BILL_FILES`) as they
 * would be written in `dialect`, from each statement's rows of them (`billTables`' rows, which `rowsOf` makes
 * in that dialect), then listed.
 */
function billTableHashes(dialect: CsvDialect): { add(rows: readonly (string | Uint8Array)[]): void; hex(): string; rowsOf(statement: Statement): string[] } {
  const tables = billTables(monthTables(dialect));
  const hashes = tables.headers.map((header) => {
    const hash = textHash();
    hash.update(header);
    return hash;
  });
  return {
    add: (rows) => hashes.forEach((hash, index) => hash.update(rows[index]!)),
    hex: () => sha256Hex(billListing(BILL_FILES.map((file, index) => ({ file, sha256: hashes[index]!.hex() })))!),
    rowsOf: tables.rows,
  };
}

/** The same from the statements billed again (a month closed in another dialect than this run's). */
function billTablesHash(dialect: CsvDialect, statements: Iterable<Statement>): string {
  const hashes = billTableHashes(dialect);
  for (const statement of statements) hashes.add(hashes.rowsOf(statement));
  return hashes.hex();
}

/** The hash of a bill's JSON text in pieces (before hidden characters are escaped for a terminal). */
function billHash(json: Iterable<string>): string {
  const hash = textHash();
  for (const piece of json) hash.update(piece);
  return hash.hex();
}

/** The work-log files of a run, by the names messages use. */
function workLogFiles(read: { inputs: LoadedInputs }): Set<string> {
  return new Set(read.inputs.digests.filter((d) => d.kind === 'work-log').map((d) => d.file));
}

/**
 * The problems met reading the inputs. With `--reject-invalid` the rows the reader could not read are set aside
 * (billing sets aside the rows only it can judge); problems not confined to one row still stop the run.
 */
function checkReadRows(read: Read, rejectInvalid: boolean): { setAside: SetAsideRow[]; issues: Issue[] } {
  if (!rejectInvalid) return { setAside: [], issues: [...read.issues] };
  const workLogs = workLogFiles(read);
  // rejected.csv names columns as the file does (`Doba`, `Start Date`), like the messages on stderr.
  const asWritten = (issue: Issue) => withColumnAsWritten(issue, read.inputs.headerNames);
  const rows = setAsideRows(read.inputs.invalidRows, read.issues.filter((i) => isRowProblem(i, workLogs)).map(asWritten));
  return { setAside: rows.setAside, issues: [...read.issues.filter((i) => !isRowProblem(i, workLogs)), ...rows.unmatched] };
}

/**
 * Which statements to print: those of `--customer` (each must have one this month), else all or none as
 * `--statements` says; `auto` prints them all only while they fit a screenful of customers.
 */
function showPlan(screen: RunScreen): { all: boolean; auto: boolean; customers: Set<string> | null } {
  if (screen.customers !== null) return { all: false, auto: false, customers: new Set(screen.customers) };
  return { all: screen.statements === 'all', auto: screen.statements === 'auto', customers: null };
}

/** The price list as billing used it; a change of any price, tier or catalogue item changes the hash. */
function priceListSha256(priceList: PriceList): string {
  // What activities are called (issue 15) prices nothing: without the names, a month closed before they
  // existed is not reported as billed with another price list.
  const catalogue = Object.fromEntries(Object.entries(priceList.catalogue).map(([code, item]) => [code, { class: item.class, role: item.role }]));
  return sha256Hex(JSON.stringify({ ...priceList, catalogue }));
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
