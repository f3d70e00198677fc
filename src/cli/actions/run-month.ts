import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { billMonth, type BillingInput, type MonthBill } from '../../billing/bill-month.js';
import type { Issue } from '../../billing/issue.js';
import type { PriceList } from '../../billing/price-list.js';
import { isRowProblem, setAsideEntries, setAsideRows, sortSetAside, type SetAsideRow } from '../../billing/set-aside.js';
import type { LoadedInputs } from '../../io/load-inputs.js';
import { REJECTED_FILE, renderRejectedCsv } from '../../report/rejected.js';
import type { UnresolvedTreatment } from '../../billing/classify.js';
import { compareEntrySets, type ClosedMonth } from '../../billing/closed-months.js';
import { digestStream, sha256Hex, sha256OfChunks } from '../../io/digest.js';
import { PRAGUE } from '../../io/fields.js';
import { checkOutDir, draftMonth, readClosedMonth } from '../../io/month-store.js';
import type { FolderLock } from '../../io/folder-lock.js';
import { addToLogSpan, daysMissingAtMonthEnd, emptyLogSpan, type LogSpan } from '../../billing/log-span.js';
import { renderIncompleteExport, renderLockBusy, renderNoEntries } from '../../report/refusals.js';
import { closedMonthNotes, limitNotes, renderClosedMonthRefusal } from '../../report/closed-month-text.js';
import { CSV_DIALECTS } from '../../report/csv-dialect.js';
import { billJsonHead, billJsonTail, statementJsonChunk } from '../../report/json.js';
import { buildManifest, MANIFEST_FILE, renderManifest, type FileDigest } from '../../report/manifest.js';
import { monthTables, statementFiles } from '../../report/month-folder.js';
import { customerRanges, groupInput, partsBySize, type CustomerRanges } from '../../billing/customer-groups.js';
import { openEntryStore, type EntryStore } from '../../io/entry-store.js';
import { openIdCheck, type IdCheck } from '../../io/id-check.js';
import { openClosedRecords, type ClosedRecords } from '../../io/closed-records.js';
import type { EntrySink } from '../../io/load-inputs.js';
import { joinOutlines, outlineOf, type MonthOutline } from '../../billing/month-outline.js';
import { openSpool, TemporaryFileError } from '../../io/spool.js';
import { collectGarbage } from '../memory.js';
import { renderStatementText, renderSummaryText } from '../../report/text.js';
import { escapeHiddenInJson } from '../../report/visible.js';
import { shouldColour, terminalStyle } from '../colour.js';
import { STATEMENTS_ON_SCREEN, type RunOptions } from '../commands/run.js';
import { startProgress, type Progress } from '../progress.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { heapShortfall, memorySize, readDecisionsFile, readMonthInputs, readOutputFolder } from '../month-inputs.js';
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
  const note = (text: string) => {
    if (!options.quiet) ctx.stderr.write(text);
  };
  const fail = (code: ExitCode, message: string) => {
    ctx.stderr.write(`ipex-bill: ${message}\n`);
    return code;
  };
  const settings = groupSettings(ctx.env);
  if ('bad' in settings) return fail(EXIT.USAGE, settings.bad);
  const groupBytes = settings.logBytes;

  // The log goes straight into groups of customers as it is read (issue 6): a large one into a temporary
  // file, from which each group is read back when it is billed. Entry ids are checked over the whole log
  // (R14), since a duplicated id may belong to customers of different groups.
  const held: Held = {
    store: null,
    ids: null,
    records: null,
    ranges: customerRanges([], 1),
    joinBySize: settings.customers === null ? groupBytes * STORED_BYTES_PER_LOG_BYTE : null,
    span: emptyLogSpan(),
  };
  const sink: EntrySink = (customers, logBytes) => {
    const ids = new Set(customers.map((c) => c.customer));
    // Ranges are cut four times finer than the parts billed, which are then joined by size (`partsBySize`);
    // a log of one part's size stays in memory.
    const ranges = logBytes <= groupBytes ? 1 : Math.ceil(logBytes / groupBytes) * 4;
    const perGroup = settings.customers ?? Math.ceil(ids.size / ranges);
    held.ranges = customerRanges(ids, Math.max(1, perGroup));
    // Billed in groups, the ids are checked in buckets too (at least a few, so tests that bill small logs
    // in groups check them that way as well).
    const buckets = Math.max(Math.ceil(logBytes / ID_BUCKET_LOG_BYTES), Math.min(held.ranges.groups, 16));
    const store = openEntryStore(held.ranges.groups, held.ranges.groupOf);
    const check = openIdCheck(buckets);
    held.store = store;
    held.ids = check;
    return (entry) => {
      addToLogSpan(held.span, entry.date);
      check.add(entry, store.add(entry));
    };
  };
  try {
    const heapNeeded = (logBytes: number) => Math.min(logBytes, groupBytes) * HEAP_BYTES_PER_GROUP_BYTE + logBytes * HEAP_BYTES_PER_LOG_BYTE;
    const read = () => readMonthInputs(options.month, options, ctx, undefined, progress, { sink, heapNeeded });
    return await readBillAndWrite(options, ctx, progress, { note, fail }, read, held);
  } catch (error) {
    if (!(error instanceof TemporaryFileError)) throw error;
    progress.done();
    return fail(EXIT.OUTPUT_FAILED, `${error.message}; set TMPDIR to a folder with room for about the log's size plus the month's output. Nothing was written.`);
  } finally {
    held.store?.remove();
    held.ids?.remove(); // a run that stopped before checking the ids
    held.records?.remove();
  }
}

interface Held {
  store: EntryStore | null;
  ids: IdCheck | null;
  /** The entries each closed month billed (its record) but the billed month's, by range like the log's. */
  records: ClosedRecords | null;
  ranges: CustomerRanges;
  /** Join ranges into parts of up to this many stored bytes (the default), or null: each range is a part. */
  joinBySize: number | null;
  /** The days the logs cover (issue 13: a month without entries is not billed silently). */
  span: LogSpan;
}

/**
 * Read the inputs (through the sink, which fills `held`), take the output folder's lock, bill the month group
 * by group into the draft, then compare it with the closed month or write it, and print what was asked for.
 */
async function readBillAndWrite(
  options: RunOptions,
  ctx: CliContext,
  progress: Progress,
  { note, fail }: { note: (text: string) => void; fail: (code: ExitCode, message: string) => ExitCode },
  readInputs: () => ReturnType<typeof readMonthInputs>,
  held: Held,
): Promise<ExitCode> {
  const read = readInputs();
  if ('exit' in read) return read.exit;
  const outDir = options.out !== undefined ? resolve(ctx.cwd, options.out) : read.config.out;
  if (options.reissue !== undefined && outDir === null) return fail(EXIT.USAGE, '--reissue replaces a month in the output folder; give --out DIR');
  if (options.reissue !== undefined && options.reissue.trim() === '') return fail(EXIT.USAGE, '--reissue needs a reason, e.g. --reissue "C03 tier corrected"');
  if (outDir === null) return billAndPublish(options, ctx, progress, { note, fail }, read, held, null, null);

  // One writer per output folder (issue 13): what the folder holds is read only under its lock, and the lock
  // is kept until the month is published or the run gives up, so a second writer decides afresh afterwards.
  const unusable = checkOutDir(outDir);
  if (unusable !== null) return fail(EXIT.OUTPUT_FAILED, unusable);
  // Loaded only here: a run without an output folder needs no lock (and starts faster without the library).
  const { lockOutputFolder } = await import('../../io/folder-lock.js');
  const locked = await lockOutputFolder(outDir, { pid: ctx.pid, command: ctx.command, waitMs: options.wait * 1000, isRunning: ctx.isRunning });
  if ('error' in locked) return fail(EXIT.OUTPUT_FAILED, `${locked.error}. Nothing was written.`);
  if ('busy' in locked) {
    progress.done();
    const holder = locked.busy && { ...locked.busy, since: DateTime.fromISO(locked.busy.since).setZone(PRAGUE).toFormat('yyyy-MM-dd HH:mm:ss') };
    return fail(EXIT.FOLDER_LOCKED, renderLockBusy(displayPath(outDir, ctx.cwd), holder, locked.waitedMs));
  }
  try {
    return await billAndPublish(options, ctx, progress, { note, fail }, read, held, outDir, locked.lock);
  } finally {
    await locked.lock.release();
  }
}

/** Bill the month and, with an output folder (whose lock this run holds), compare it with what was written or write it. */
async function billAndPublish(
  options: RunOptions,
  ctx: CliContext,
  progress: Progress,
  { note, fail }: { note: (text: string) => void; fail: (code: ExitCode, message: string) => ExitCode },
  read: Extract<ReturnType<typeof readMonthInputs>, { month: string }>,
  held: Held,
  outDir: string | null,
  lock: FolderLock | null,
): Promise<ExitCode> {
  const { config, month } = read;
  const store = held.store!;
  const { ranges } = held;

  // The output folder is checked before any billing, so a cron job with a missing mount fails fast and clearly.
  // The closed months' records go by range of customers like the log (issue 6: a closed month of a million
  // entries held whole took 0.5 GB). The billed month's own record is not needed to bill it again (see
  // `sortAgainstClosedMonths`), only to list what changed should the bill differ: it is read again then.
  // What reading the log left behind goes before the records are read, and theirs before billing: V8 lets
  // spent objects pile up while reading runs (1M entries with a 1M month closed: 371–424 MB peak without
  // these two collections, 325–339 MB with them).
  if (ranges.groups > 1 && outDir !== null) collectGarbage();
  const found = readOutputFolder(
    outDir,
    ctx,
    (recordMonth, entry) => {
      if (recordMonth === month) return;
      held.records ??= openClosedRecords(ranges);
      const kept = held.records.add(recordMonth, entry);
      held.ids!.addRecord(entry.id, kept.month, kept.range);
    },
    { month, reissuing: options.reissue !== undefined },
  );
  if ('exit' in found) return found.exit;
  if (held.records !== null) collectGarbage();
  const closed = found.months;
  const previous = outDir === null ? null : (closed.find((c) => c.month === month) ?? null);
  // A damaged month being reissued (readOutputFolder refused it otherwise): replaced like any other version.
  const damaged = found.damaged.find((d) => d.month === month) ?? null;
  const previousVersion = previous?.manifest.version ?? damaged?.version ?? null;
  if (outDir !== null && previousVersion === null && options.reissue !== undefined) {
    return fail(EXIT.USAGE, `--reissue: ${month} has not been billed into ${displayPath(outDir, ctx.cwd)} yet; run without --reissue`);
  }
  // A closed month billed again without --reissue is only compared with what was written; else it is written.
  const comparing = previous !== null && options.reissue === undefined;
  const writing = outDir !== null && !comparing;

  // A month without a single entry is most likely a mistyped --month or an export that was not refreshed;
  // once closed, its real work could come only as late entries (issue 13). A closed month is compared instead.
  const newest = held.span.newestOf.get(month);
  if (!comparing && newest === undefined && options.allowEmpty !== true && read.issues.length === 0) {
    progress.done();
    return fail(EXIT.NO_ENTRIES, renderNoEntries(month, held.span));
  }
  const missingDays = comparing || newest === undefined ? null : daysMissingAtMonthEnd(newest, month);
  const dialect = CSV_DIALECTS[options.csvDialect ?? config.csvDialect ?? 'rfc4180'];

  // A file with a syntax error is not billed at all; its entries read before the error are left out.
  const brokenFiles = new Set(read.issues.filter((i) => i.code === 'csv-syntax').map((i) => i.source!.file));
  const checkedIds = held.ids!.finish(brokenFiles);
  held.ids = null;
  const { duplicates } = checkedIds;
  held.records?.addMoved(checkedIds.moved);
  // The parts billed one after another: ranges joined up to a group's size, or as set by the variable. A
  // range's size counts its closed months' records too: billing needs them with its entries.
  const sizes = Array.from({ length: ranges.groups }, (_, g) => {
    return store.bytes(g) + (held.records?.bytes(g) ?? 0);
  });
  const parts = held.joinBySize !== null ? partsBySize(sizes, held.joinBySize) : sizes.map((_, g) => [g]);
  const partOfRange = new Array<number>(ranges.groups);
  parts.forEach((part, p) => part.forEach((range) => (partOfRange[range] = p)));
  // A customer is billed whole: one with most of the month's work makes one large part. Refused here, with
  // what to do, rather than ending in Node's out-of-memory crash while billing it.
  const partBytes = parts.map((part) => part.reduce((sum, range) => sum + sizes[range]!, 0));
  let largest = 0;
  partBytes.forEach((bytes, p) => {
    if (bytes > partBytes[largest]!) largest = p;
  });
  const needed = (partBytes[largest] ?? 0) * HEAP_BYTES_PER_GROUP_BYTE;
  const tooLarge = heapShortfall(
    needed,
    (limit) =>
      `the customers of part ${largest + 1} of ${parts.length} have ${memorySize(partBytes[largest] ?? 0)} of log between them (customers are billed whole, ` +
      `together with the others of their part); billing them needs about ${memorySize(needed)} of memory, more than this Node process may use (${memorySize(limit)})`,
    `or, if the part holds several large customers, fewer customers per part (${GROUP_SIZE_VARIABLE}). Nothing was written.`,
  );
  if (tooLarge !== null) {
    progress.done();
    return fail(EXIT.TOO_LARGE, tooLarge);
  }

  const decided = readDecisionsFile(options.decisions, options, config, ctx);
  progress.step(`billing ${month}`);
  const treatUnresolved: UnresolvedTreatment = options.treatUnresolved ?? null;
  const billingInput: BillingInput = { month, ...read.inputs, treatUnresolved, decisions: decided.decisions };
  // A part's closed months: every closed month, each with the records of the part's customers and those moved
  // to them since (`ClosedRecords.forPart`).
  const closedMonthNames = closed.map((c) => c.month);
  const closedMonthsOf = (part: readonly number[], index: number): ClosedMonth[] =>
    held.records?.forPart(closedMonthNames, part, (range) => partOfRange[range] === index) ?? closedMonthNames.map((m) => ({ month: m, entries: [] }));
  const checked = checkWholeLog(read, duplicates, options.rejectInvalid === true);
  const issues = [...checked.issues, ...decided.issues];
  const setAsideFound = [...checked.setAside];
  const rejecting = options.rejectInvalid === true ? { workLogs: workLogFiles(read), duplicates: checked.duplicates, headerNames: read.inputs.headerNames } : null;

  // The month is billed a group of customers at a time; each group's files are written and let go, so memory
  // follows the group, not the month (issue 6). Groups are consecutive ranges of customer ids, so their pieces,
  // put one after the other, are the month's files.
  const shown = showPlan(options);
  const style = terminalStyle(options.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
  const tables = monthTables(dialect);
  const spool = openSpool();
  // The month's files go into the new version's hidden folder as each part is billed (the tables, one file
  // for all customers, get each part's rows in turn), instead of waiting in the spool; only `publish` makes
  // them the month. At a million entries that is 750 MB not written and read back again.
  const version = (previousVersion ?? 0) + 1;
  const draft = writing ? draftMonth(outDir, month, version, { mayPublish: () => lock?.lostBecause() ?? null }) : null;
  const tableDigests = tables.map((table) => digestStream(table.path));
  const statementDigests: FileDigest[] = [];
  const appendRows = (index: number, rows: string | Iterable<string>) => {
    const digest = tableDigests[index]!;
    draft!.append(tables[index]!.path, typeof rows === 'string' ? [rows] : rows, (bytes) => digest.update(bytes));
  };
  if (draft) tables.forEach((table, index) => appendRows(index, table.header));
  // Only when comparing with the closed month: the entries billed, for the list of what changed should the
  // bill differ. Kept on disk, not as the parts' objects: an identical re-run of a large month, what a
  // nightly job does, would otherwise hold every one of them to the end for nothing.
  const billedEntries = comparing ? openEntryStore(1, () => 0, { onDisk: true }) : null;
  try {
    const outlines: MonthOutline[] = [];
    const firstScreenful: string[] = [];
    let statementsSoFar = 0;
    for (const [index, part] of parts.entries()) {
      if (parts.length > 1) progress.step(`billing ${month}: customers, part ${index + 1} of ${parts.length}`);
      // Reading's spent objects, then each part's, before the next part's are made.
      if (parts.length > 1) collectGarbage();
      const entries = part.length === 1 ? store.group(part[0]!, brokenFiles) : part.flatMap((range) => store.group(range, brokenFiles));
      const ours = parts.length === 1 ? null : (customer: string) => partOfRange[ranges.groupOf(customer)] === index;
      const group = groupInput({ ...billingInput, closedMonths: closedMonthsOf(part, index) }, entries, ours);
      const billed = billGroup(group, config.priceList, rejecting);
      issues.push(...billed.issues);
      setAsideFound.push(...billed.setAside);
      // After a problem the other groups are still billed, to report every problem at once, but not rendered.
      if (issues.length > 0 || billed.bill === null) continue;
      const { statements } = billed.bill;
      outlines.push(outlineOf(billed.bill));
      if (draft) {
        tables.forEach((table, index) => appendRows(index, table.rows(statements)));
        for (const file of statementFiles(statements, dialect)) {
          const digest = digestStream(file.path);
          await draft.add(file.path, file.contents, (bytes) => digest.update(bytes));
          statementDigests.push(digest.finish());
        }
        if (draft.failed) break; // reported below, by publish
      }
      for (const statement of statements) {
        if (outDir !== null || options.json) spool.append(JSON_KEY, statementJsonChunk(statement, statementsSoFar === 0));
        statementsSoFar++;
      }
      if (billedEntries) for (const s of statements) for (const line of s.lines) billedEntries.add(line.entry);
      if (!options.quiet && !options.json) {
        for (const statement of statements) {
          if (shown.all || shown.customers?.has(statement.customer)) spool.append(SCREEN_KEY, `${renderStatementText(statement, style)}\n`);
          else if (shown.auto && firstScreenful.length <= STATEMENTS_ON_SCREEN) firstScreenful.push(`${renderStatementText(statement, style)}\n`);
        }
      }
    }
    if (issues.length > 0) return reportIssues(ctx, issues, read.inputs.headerNames);
    if (draft?.failed) {
      const failed = await draft.publish();
      return fail(EXIT.OUTPUT_FAILED, 'error' in failed ? failed.error : 'cannot write the month');
    }
    const bill = joinOutlines(month, outlines);
    if (parts.length > 1) collectGarbage();

    if (shown.customers) {
      const unknown = [...shown.customers].filter((id) => !bill.statements.some((s) => s.customer === id));
      if (unknown.length > 0) {
        progress.done();
        const known = bill.statements.length <= 10 ? ` (statements this month: ${bill.statements.map((s) => s.customer).join(', ')})` : '';
        return fail(EXIT.NO_SUCH_CUSTOMER, `--customer ${unknown.join(', ')}: no statement for ${unknown.length === 1 ? 'this customer' : 'these customers'} in ${month}${known}; nothing was written`);
      }
    }
    const setAside = sortSetAside(setAsideFound, read.inputs.digests.map((d) => d.file));
    const notes = [...closedMonthNotes(bill), ...unusedDecisionNotes(bill)];
    const jsonPieces = function* (): Generator<string> {
      yield billJsonHead(month, bill.totals, bill.statements.length);
      yield* spool.readText(JSON_KEY);
      yield billJsonTail(bill.statements.length);
    };

    let wrote = '';
    if (outDir !== null) {
      // The bill's hash is the hash of its --json text; only a closed month needs it. Hashed as the spooled
      // bytes, not decoded to text and encoded again.
      const billSha256 = sha256OfChunks(
        (function* () {
          yield billJsonHead(month, bill.totals, bill.statements.length);
          yield* spool.read(JSON_KEY); // each piece is hashed before the next is read into the same buffer
          yield billJsonTail(bill.statements.length);
        })(),
      );
      const where = displayPath(join(outDir, month), ctx.cwd);
      if (previous && comparing) {
        const { manifest } = previous;
        if (manifest.bill_sha256 !== billSha256) {
          // The month's record, read whole only now that the changes are to be listed.
          const reread = readClosedMonth(previous.folder, month);
          if ('damaged' in reread) return fail(EXIT.OUTPUT_FAILED, `${previous.folder}: ${reread.damaged.problems.join('; ')}`);
          const recorded = reread.closed;
          ctx.stderr.write(
            renderClosedMonthRefusal({
              month,
              version: manifest.version,
              createdAt: manifest.created_at,
              entries: compareEntrySets(recorded.entries, billedEntries!.group(0)),
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
        const outputs: FileDigest[] = [...tableDigests.map((digest) => digest.finish()), ...statementDigests];
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
          reissue:
            previousVersion !== null
              ? { reason: options.reissue ?? '', replaces_version: previousVersion, previous_bill_sha256: previous?.manifest.bill_sha256 ?? damaged?.billSha256 ?? null }
              : null,
          newestEntryDate: newest ?? null,
          notes: limitNotes(notes, NOTES_IN_MANIFEST),
        });
        if (options.rejectInvalid) {
          const digest = digestStream(REJECTED_FILE);
          await draft!.add(REJECTED_FILE, renderRejectedCsv(setAside, dialect), (bytes) => digest.update(bytes));
          outputs.push(digest.finish());
        }
        await draft!.add(MANIFEST_FILE, renderManifest(manifestFor()));
        const written = await draft!.publish();
        if ('error' in written) return fail(EXIT.OUTPUT_FAILED, written.error);
        wrote = previousVersion !== null
          ? `Reissued ${where}/ as version ${version}; ${damaged ? 'the damaged ' : ''}version ${previousVersion} is kept in ${where}.v${previousVersion}/.\n`
          : `Wrote ${where}/: summary.csv, invoices.csv, lines.csv, units.csv, entries.csv, manifest.json and ${bill.statements.length} statements.\n`;
      }
    }

    progress.done();
    if (!options.quiet) {
      if (options.json) {
        // The bill's hash is over the pieces as rendered; on stdout, raw C1 and bidi characters become \u escapes.
        for (const piece of jsonPieces()) ctx.stdout.write(escapeHiddenInJson(piece));
      } else {
        if (shown.auto && bill.statements.length <= STATEMENTS_ON_SCREEN) for (const text of firstScreenful) ctx.stdout.write(text);
        for (const piece of spool.readText(SCREEN_KEY)) ctx.stdout.write(piece);
        ctx.stdout.write(renderSummaryText(bill, style));
      }
    }
    if (!options.json && shown.auto && bill.statements.length > STATEMENTS_ON_SCREEN) {
      const all = outDir === null ? '' : `; all are in ${displayPath(join(outDir, month), ctx.cwd)}/statements/`;
      note(`Summary only: ${bill.statements.length} statements are more than a screenful. --customer ID prints one, --statements all prints every one${all}.\n`);
    }

    // Also with --quiet: it is what a cron job's mail must show.
    if (missingDays !== null) ctx.stderr.write(renderIncompleteExport(month, newest!, missingDays));
    note(notBilledNote(bill));
    note(setAsideNote(setAside, outDir !== null));
    for (const line of limitNotes(notes, NOTES_ON_SCREEN)) note(`Note: ${line}\n`);
    if (treatUnresolved) note(`Unresolved entries were billed as ${treatUnresolved.toUpperCase()} by --treat-unresolved.\n`);
    note(wrote);
    return EXIT.OK;
  } finally {
    spool.remove();
    billedEntries?.remove();
    await draft?.abandon(); // a run that did not publish leaves nothing; after publishing there is nothing left to do
  }
}

/** Spool keys besides the month's files: the statements' JSON (for the hash and --json) and the screen's statements. */
const JSON_KEY = '\u0000json';
const SCREEN_KEY = '\u0000screen';

/**
 * How a month is cut into parts billed one after another. By default each part holds about
 * `IPEX_BILL_GROUP_BYTES` of log (8 MiB, about 57 000 entries): smaller parts use less memory, larger ones
 * bill a little faster. `IPEX_BILL_GROUP_CUSTOMERS=N` instead makes every N customers a part, whatever their
 * work. The bill is the same either way; tests set them low to bill in many parts.
 */
const GROUP_SIZE_VARIABLE = 'IPEX_BILL_GROUP_CUSTOMERS';
const GROUP_BYTES_VARIABLE = 'IPEX_BILL_GROUP_BYTES';
const DEFAULT_GROUP_LOG_BYTES = 8 * 2 ** 20;

/**
 * Heap a run needs, measured on generated logs (bench/RESULTS.md) with a margin: a group's entries billed and
 * rendered take up to about 10 bytes per byte of its log (groups are cut by customers, not bytes, so some are
 * larger); what is kept of every entry until the end (the temporary files' indexes, the statements' figures)
 * well under a byte per byte of log. (1M entries, 140 MB: 0.39–0.43 GB peak RSS; 10M, 1.43 GB: 0.57–0.61 GB.)
 */
const HEAP_BYTES_PER_GROUP_BYTE = 10;
/** An entry as kept in the temporary file (a line of JSON) is about this much larger than its log row. */
const STORED_BYTES_PER_LOG_BYTE = 1.25;
const HEAP_BYTES_PER_LOG_BYTE = 0.25;
/** Log bytes per bucket of the duplicate-id check (about 230 000 ids, some 25 MB of heap while checked). */
const ID_BUCKET_LOG_BYTES = 32 * 2 ** 20;

/** The settings above, or the variable that is not a whole number of at least 1. */
function groupSettings(env: CliContext['env']): { customers: number | null; logBytes: number } | { bad: string } {
  const read = (name: string): number | null | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return null;
    return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
  };
  const customers = read(GROUP_SIZE_VARIABLE);
  if (customers === undefined) return { bad: `${GROUP_SIZE_VARIABLE} must be a whole number of customers, at least 1` };
  const logBytes = read(GROUP_BYTES_VARIABLE);
  if (logBytes === undefined) return { bad: `${GROUP_BYTES_VARIABLE} must be a whole number of bytes, at least 1` };
  return { customers, logBytes: logBytes ?? DEFAULT_GROUP_LOG_BYTES };
}

/**
 * Which statements to print: those of `--customer` (each must have one this month), else all or none as
 * `--statements` says; `auto` prints them all only while they fit a screenful of customers.
 */
function showPlan(options: RunOptions): { all: boolean; auto: boolean; customers: Set<string> | null } {
  if (options.customer !== undefined) return { all: false, auto: false, customers: new Set(options.customer) };
  return { all: options.statements === 'all', auto: options.statements === 'auto', customers: null };
}

/** The work-log files of a run, by the names messages use. */
function workLogFiles(read: { inputs: LoadedInputs }): Set<string> {
  return new Set(read.inputs.digests.filter((d) => d.kind === 'work-log').map((d) => d.file));
}

/**
 * What is checked over the whole log before it is billed by groups: rows that could not be read, and entry
 * ids used twice (R14). With `--reject-invalid` the rows concerned are set aside (every row of a duplicated id:
 * which one is right is the clerk's call, done in `billGroup`); problems not confined to one row still stop
 * the run.
 */
function checkWholeLog(
  read: { inputs: LoadedInputs; issues: Issue[] },
  duplicates: readonly Issue[],
  rejectInvalid: boolean,
): { setAside: SetAsideRow[]; issues: Issue[]; duplicates: Issue[] } {
  if (!rejectInvalid) return { setAside: [], issues: [...read.issues, ...duplicates], duplicates: [...duplicates] };
  const workLogs = workLogFiles(read);
  // rejected.csv names columns as the file does (`Doba`, `Start Date`), like the messages on stderr.
  const asWritten = (issue: Issue) => withColumnAsWritten(issue, read.inputs.headerNames);
  const rows = setAsideRows(read.inputs.invalidRows, read.issues.filter((i) => isRowProblem(i, workLogs)).map(asWritten));
  const issues = [...read.issues.filter((i) => !isRowProblem(i, workLogs)), ...rows.unmatched];
  return { setAside: rows.setAside, issues, duplicates: duplicates.map(asWritten) };
}

/**
 * Bill one group of customers. With `--reject-invalid`, a first billing pass finds the rows only billing can
 * judge (unknown customers, no tier in force); they are set aside with every row of a duplicated id, and the
 * rest is billed.
 */
function billGroup(
  group: BillingInput,
  priceList: PriceList,
  rejecting: { workLogs: ReadonlySet<string>; duplicates: readonly Issue[]; headerNames: LoadedInputs['headerNames'] } | null,
): { bill: MonthBill | null; issues: Issue[]; setAside: SetAsideRow[] } {
  if (rejecting === null) {
    const billed = billMonth(group, priceList);
    return { bill: billed.value, issues: billed.issues, setAside: [] };
  }
  const probe = billMonth(group, priceList);
  const problems = probe.issues.filter((i) => isRowProblem(i, rejecting.workLogs)).map((i) => withColumnAsWritten(i, rejecting.headerNames));
  const entries = setAsideEntries(group.entries, [...rejecting.duplicates, ...problems]);
  const billed = billMonth({ ...group, entries: entries.kept }, priceList);
  return { bill: billed.value, issues: billed.issues, setAside: entries.setAside };
}

/** The price list as billing used it; a change of any price, tier or catalogue item changes the hash. */
function priceListSha256(priceList: unknown): string {
  return sha256Hex(JSON.stringify(priceList));
}

function setAsideNote(rows: readonly SetAsideRow[], written: boolean): string {
  if (rows.length === 0) return '';
  const shown = rows.slice(0, NOTES_ON_SCREEN).map((r) => `  ${r.source.file}:${r.source.line}: ${r.problems.join('; ')}\n`).join('');
  const more = rows.length > NOTES_ON_SCREEN ? `  … and ${rows.length - NOTES_ON_SCREEN} more\n` : '';
  const where = written ? ` (listed with their reasons in ${REJECTED_FILE})` : '';
  return `Set aside by --reject-invalid, not billed: ${rows.length} row${rows.length === 1 ? '' : 's'}${where}:\n${shown}${more}`;
}

/** A decision for an id the log does not have decides nothing; the clerk should know (a typo, a removed entry). */
function unusedDecisionNotes(bill: MonthOutline): string[] {
  return bill.unusedDecisions.map((d) => `${d.source.file}:${d.source.line}: the decision for entry ${d.entryId} was not used: no entry with this id in the work log`);
}

function notBilledNote(bill: MonthOutline): string {
  const { earlier, later, alreadyBilled } = bill.entryCounts;
  const parts = [
    earlier > 0 ? `${earlier} dated before ${bill.month} (used only to count consultation sessions and case causes)` : '',
    later > 0 ? `${later} dated after ${bill.month}` : '',
    alreadyBilled > 0 ? `${alreadyBilled} already billed by closed months` : '',
  ].filter(Boolean);
  const total = earlier + later + alreadyBilled;
  return total === 0 ? '' : `Not billed: ${total} entr${total === 1 ? 'y' : 'ies'}: ${parts.join('; ')}.\n`;
}
