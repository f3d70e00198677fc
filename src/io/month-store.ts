import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { EntryTable } from '../billing/entry-table.js';
import { MANIFEST_FILE, parseManifest, RECORD_FILE, type FileDigest, type Manifest, type ManifestFormat } from '../formats/manifest.js';
import { RECORD_BIN } from '../formats/record.js';
import { RECORD_COLUMNS_IN_LINES } from '../formats/month-tables.js';
import type { LogFormat } from './log-format.js';
import { bytesOnDisk, type ByteSource } from './byte-source.js';
import { digestOf, digestOfPieces } from './digest.js';
import type { FileContents } from './durable-write.js';
import { bufferedFile, durableBatch, syncFolder, type BytesSeen } from './durable-write.js';
import { describeFsError } from './fs-errors.js';
import { parseWorkLog } from './read-work-log.js';
import { readRecordBin, type RecordRead } from './read-record.js';
import type { RecordNeeded } from '../billing/billed-once.js';
import { recordReaders, recordsNeededOf, type RecordDone, type RecordJob, type RecordsNeededFor } from './record-readers.js';
import type { Checked } from '../billing/issue.js';

/*
 * The output folder holds closed months. Each written version of a month is a complete folder
 * `<YYYY-MM>.v<N>/`, and `<YYYY-MM>` is a symbolic link to the version in force. Publishing a month is one
 * rename of a new link over the old one, which the file system does atomically: a reader, or a run killed at
 * any moment, sees the previous version or the new one, never a mix and never nothing. Folders are
 * complete before they get a version name: they are written and fsynced under a hidden staging name first.
 * Leftovers of a killed run (staging folders, unlinked versions, temporary links) are removed by the next
 * write of that month.
 */

const MONTH_NAME = /^\d{4}-(0[1-9]|1[0-2])$/;

/** One file of a month folder: its path inside the folder and its contents, whole or in pieces (text as UTF-8). */
export interface OutputFile {
  path: string;
  contents: FileContents;
}

/** A month written before: the folder its link points at and its manifest. */
export interface ClosedMonthOnDisk {
  month: string;
  folder: string;
  manifest: Manifest;
}

/**
 * Where a closed month's record goes once read: rows of `table`, marked with the caller's number for the month;
 * `needed` (optional) decides which of its entries are kept (all without it).
 */
export interface RecordInto {
  table: EntryTable;
  month: number;
  needed?: RecordsNeededFor;
}

/** The steps of writing a month, in order; the crash tests stop the process after each. */
export type WriteStep = 'file-written' | 'staged' | 'versioned' | 'previous-kept' | 'published';

export interface WriteHooks {
  afterStep?: (step: WriteStep, detail: string) => void;
  /**
   * Asked just before the new version is made visible: why it must not be (the run has lost the output
   * folder's lock), or null. Nothing is published after a non-null answer.
   */
  mayPublish?: () => string | null;
}

/** Why the output folder cannot take a month, or null when it can. It is never created: a typo should not bill into a new folder. */
export function checkOutDir(outDir: string): string | null {
  try {
    if (!statSync(outDir).isDirectory()) return `the output folder ${outDir} is not a folder`;
  } catch {
    return `the output folder ${outDir} does not exist; create it first (mkdir -p ${outDir}) or pass another --out`;
  }
  try {
    accessSync(outDir, constants.W_OK);
  } catch {
    return `cannot write into the output folder ${outDir}: permission denied`;
  }
  return null;
}

/**
 * A closed month whose folder is not as it was written: its manifest or record is missing, unreadable or
 * edited, or (for the month being billed) a file the manifest lists is missing or has another size. Nothing
 * can be billed beside it (an entry could be billed twice), but `--reissue` can replace it.
 */
export interface DamagedMonth {
  month: string;
  /** The month's name in the output folder (a link, or a plain folder restored from a backup). */
  folder: string;
  /** Its version: the one the link names, else its manifest's, else one above every version in the folder. */
  version: number;
  /** What is wrong, in plain words, naming the file. */
  problems: string[];
  /** The bill hash its manifest records, when the manifest could be read. */
  billSha256: string | null;
}

export interface OutputFolder {
  months: ClosedMonthOnDisk[];
  damaged: DamagedMonth[];
}

/**
 * Every closed month in the output folder, with the record of the entries it billed. For `checkFilesOf` (the
 * month being billed) every listed file is also checked to be there with its recorded size, so that a re-run
 * never calls a month "already billed" that has lost its files; content hashes are `verify`'s job. `into`
 * says where each month's record goes, or null to check its hash only (the month being billed again).
 * With `threads` (two or more) and records enough to be worth it, the record files are hashed and read on
 * that many threads (`recordReaders`); what is kept, and in which order, is the same.
 */
export async function readClosedMonths(
  outDir: string,
  into: (month: string) => RecordInto | null,
  checkFilesOf?: string,
  threads = 1,
): Promise<OutputFolder | { error: string }> {
  let names: string[];
  try {
    names = readdirSync(outDir).filter((name) => MONTH_NAME.test(name)).sort();
  } catch (error) {
    return { error: `cannot read the output folder ${outDir}: ${describeFsError(error)}` };
  }
  const months = names.map((month) => {
    const folder = join(outDir, month);
    return { month, folder, into: into(month), opened: openClosedMonth(folder, month, month === checkFilesOf) };
  });
  // Record files each thread would read: of record.bin, with a hash to check it by, kept by what the threads
  // are started with (`needed`; a month kept whole is read here), none too large to hold two at once (a
  // 10M-entry month's is 0.8 GB), and enough bytes in all to be worth starting threads.
  const needed = months.find((m) => m.into?.needed)?.into?.needed;
  const onThreads = months.map(({ into, opened }) => {
    if (into === null || into.needed !== needed || 'damaged' in opened || opened.record.file !== RECORD_BIN || opened.record.listed === null) return null;
    return opened.record.listed.bytes <= RECORD_BYTES_ON_A_THREAD ? opened.record.listed : null;
  });
  const bytes = onThreads.reduce((sum, listed) => sum + (listed?.bytes ?? 0), 0);
  const pool = threads >= 2 && needed && onThreads.filter(Boolean).length >= 2 && bytes >= RECORD_BYTES_FOR_THREADS ? recordReaders(threads, needed) : null;
  const found: OutputFolder = { months: [], damaged: [] };
  try {
    const jobs = months.map(({ folder, into, opened }, i) => {
      const listed = onThreads[i];
      if (pool === null || !listed || into === null || 'damaged' in opened) return null;
      const { path, file } = opened.record;
      const job: RecordJob = { path, name: `${folder}/${file}`, linesFile: `${folder}/lines.csv`, sha256: listed.sha256, month: into.month, read: opened.problems.length === 0 };
      // A thread that fails or ends leaves its files to this one.
      return pool.run(job).catch(() => undefined);
    });
    for (const [i, { folder, into, opened }] of months.entries()) {
      // undefined: read here (no job, or a thread failed it).
      const job = jobs[i];
      const done = job === null ? undefined : await job;
      const read = 'damaged' in opened ? opened : done === undefined ? readRecordHere(opened, folder, into) : recordFromThread(opened, folder, into, done);
      if ('damaged' in read) found.damaged.push(read.damaged);
      else found.months.push(read.closed);
    }
  } finally {
    await pool?.close();
  }
  return found;
}

/** Records in all worth reading on threads, and the largest one thread holds (bench/RESULTS.md). */
export const RECORD_BYTES_FOR_THREADS = 1 << 20;
const RECORD_BYTES_ON_A_THREAD = 256 << 20;

/**
 * Read one month folder (a link to a version, or a plain folder restored from a backup). The link is resolved
 * once, so a reissue published while this reads cannot mix two versions' files.
 */
export function readClosedMonth(
  folder: string,
  month: string,
  into: RecordInto | null,
  checkFiles = false,
): { closed: ClosedMonthOnDisk } | { damaged: DamagedMonth } {
  const opened = openClosedMonth(folder, month, checkFiles);
  return 'damaged' in opened ? opened : readRecordHere(opened, folder, into);
}

/** A closed month's folder as far as it is checked before its record is read. */
interface OpenedMonth {
  closed: ClosedMonthOnDisk;
  /** Its record: where it lies, which file of the layout it is, and what its manifest lists of it (null: nothing). */
  record: { path: string; file: string; listed: FileDigest | null };
  /** What else is wrong with the folder (a resized lines.csv, missing files): said once the record's hash agrees. */
  problems: string[];
  damagedBy(problems: string[]): { damaged: DamagedMonth };
}

/** A closed month's folder: its link resolved, its manifest read, its files' sizes checked. */
function openClosedMonth(folder: string, month: string, checkFiles: boolean): OpenedMonth | { damaged: DamagedMonth } {
  const damaged = (problems: string[], manifest?: Manifest): { damaged: DamagedMonth } => ({
    damaged: { month, folder, version: versionOf(folder, month, manifest), problems, billSha256: manifest?.bill_sha256 ?? null },
  });
  let target: string;
  try {
    target = realpathSync(folder);
  } catch {
    return damaged([`it is a link to ${readLinkOrNull(folder) ?? 'a folder'}, which is missing`]);
  }
  let text: string;
  try {
    text = readFileSync(join(target, MANIFEST_FILE), 'utf8');
  } catch {
    return damaged([`${MANIFEST_FILE} is missing or unreadable`]);
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return damaged([parsed.error]);
  const { manifest } = parsed;
  if (manifest.month !== month) return damaged([`its ${MANIFEST_FILE} is for ${manifest.month}, not ${month}`], manifest);
  const file = RECORD_FILE[manifest.format];
  // lines.csv is the record a person or another tool reads; a spreadsheet that saved it over is caught by its
  // size here, cheaply (its hash, and that it agrees with record.bin, are verify's).
  const problems =
    file === RECORD_BIN && resized(target, manifest.outputs.find((o) => o.file === 'lines.csv'))
      ? [`lines.csv differs from what its manifest recorded (edited or damaged)`]
      : checkFiles
        ? missingOrResized(target, manifest)
        : [];
  return {
    closed: { month, folder, manifest },
    record: { path: join(target, file), file, listed: manifest.outputs.find((o) => o.file === file) ?? null },
    problems,
    damagedBy: (why) => damaged(why, manifest),
  };
}

/**
 * The month, once its record's hash is known (null: the record could not be read): damaged when the hash is
 * not its manifest's or something else is wrong, else null. Nothing of an edited record is used.
 */
function checkedRecord(opened: OpenedMonth, sha256: string | null): { damaged: DamagedMonth } | null {
  const { file, listed } = opened.record;
  if (sha256 === null) return opened.damagedBy([`${file}, the record of what the month billed, is missing or unreadable`]);
  if (listed === null || sha256 !== listed.sha256) return opened.damagedBy([`${file} differs from what its manifest recorded (edited or damaged)`]);
  return opened.problems.length > 0 ? opened.damagedBy(opened.problems) : null;
}

/**
 * Hash the month's record and read its entries (`into`) on this thread. A CSV record is read from disk a few
 * megabytes at a time, twice (a closed month of a million entries is a 120 MB lines.csv); the compact
 * record.bin is read once, whole.
 */
function readRecordHere(opened: OpenedMonth, folder: string, into: RecordInto | null): { closed: ClosedMonthOnDisk } | { damaged: DamagedMonth } {
  const { path, file } = opened.record;
  let bytes: ByteSource | Uint8Array | null = null;
  let sha256: string | null = null;
  try {
    bytes = file === RECORD_BIN ? readFileSync(path) : bytesOnDisk(path);
    sha256 = bytes instanceof Uint8Array ? digestOf(file, bytes).sha256 : digestOfPieces(file, bytes.pieces()).sha256;
  } catch {
    sha256 = null;
  }
  const refused = checkedRecord(opened, sha256);
  if (refused !== null) return refused;
  if (into !== null) {
    const before = into.table.size;
    const keep = into.needed ? recordsNeededOf(into.needed) : undefined;
    const read = readRecord(bytes!, `${folder}/${file}`, opened.closed.manifest.format, into.table, into.month, keep);
    if (read.problems.length > 0) {
      into.table.truncate(before);
      return opened.damagedBy([read.problems[0]!.slice(folder.length + 1)]);
    }
  }
  return { closed: opened.closed };
}

/** The month from what a record thread found of its record: its kept entries appended to `into`, in month order. */
function recordFromThread(opened: OpenedMonth, folder: string, into: RecordInto | null, done: RecordDone): { closed: ClosedMonthOnDisk } | { damaged: DamagedMonth } {
  const refused = checkedRecord(opened, done?.sha256 ?? null);
  if (refused !== null) return refused;
  const problem = done!.read?.problems[0];
  if (problem !== undefined) return opened.damagedBy([problem.slice(folder.length + 1)]);
  if (into !== null && done!.parts !== null) into.table.appendParts(done!.parts, 0);
  return { closed: opened.closed };
}

/**
 * A month's record read back into entries, exactly as the log had them when the month was billed: `record.bin`
 * (manifest@3), its entries named by their rows in the `lines.csv` beside it, or a record in CSV.
 */
export function readRecord(bytes: ByteSource | Uint8Array, name: string, format: ManifestFormat, into: EntryTable, month: number, keep?: RecordNeeded): RecordRead {
  if (RECORD_FILE[format] === RECORD_BIN) {
    const whole = bytes instanceof Uint8Array ? bytes : Buffer.concat([...bytes.pieces()]);
    return readRecordBin(whole, name, `${name.slice(0, name.lastIndexOf('/') + 1)}lines.csv`, into, month, keep);
  }
  // A record in CSV (a month written before record.bin) is kept whole, as before.
  const read = readLinesRecord(bytes, name, format, into, month);
  return { entries: read.value, problems: read.issues.map((issue) => `${name}${issue.source ? `:${issue.source.line}` : ''}: ${issue.message}`) };
}

/**
 * A record in CSV: `entries.csv` in the work log's own columns (manifest@1, version 0.1), or `lines.csv`
 * through its entry columns (every later format). Values a spreadsheet could take for a formula were written
 * with an apostrophe, taken off again here.
 */
export function readLinesRecord(
  bytes: ByteSource | Uint8Array,
  name: string,
  format: ManifestFormat,
  into: EntryTable,
  month: number,
  onEntry?: (row: number) => void,
): Checked<number> {
  const logFormat = format === 'ipex-bill/manifest@1' ? null : LINES_AS_RECORD;
  return parseWorkLog(bytes, name, into, { restoreNeutralised: true, logFormat, ...(onEntry ? { onEntry } : {}) }, month);
}

const LINES_AS_RECORD: LogFormat = { name: 'the month record in lines.csv', columns: RECORD_COLUMNS_IN_LINES };

/** Listed files that are missing or whose size differs from the manifest's (at most a few, then a count). */
/** Whether a listed file is missing or no longer has its recorded size. */
function resized(folder: string, output: FileDigest | undefined): boolean {
  if (output === undefined) return true;
  try {
    return statSync(join(folder, output.file)).size !== output.bytes;
  } catch {
    return true;
  }
}

function missingOrResized(folder: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const output of manifest.outputs) {
    let size: number | null;
    try {
      size = statSync(join(folder, output.file)).size;
    } catch {
      size = null;
    }
    if (size === null) problems.push(`${output.file} is missing`);
    else if (size !== output.bytes) problems.push(`${output.file} has ${size} bytes; the manifest says ${output.bytes}`);
  }
  return problems.length <= DAMAGE_SHOWN ? problems : [...problems.slice(0, DAMAGE_SHOWN), `… and ${problems.length - DAMAGE_SHOWN} more files`];
}

const DAMAGE_SHOWN = 5;

/** The version a month folder holds: the link's, else the manifest's, else one above any version folder. */
function versionOf(folder: string, month: string, manifest?: Manifest): number {
  const linked = versionNumber(readLinkOrNull(folder) ?? '', month);
  if (linked !== null) return linked;
  if (manifest) return manifest.version;
  return highestVersion(dirname(folder), month) + 1;
}

function highestVersion(outDir: string, month: string): number {
  let highest = 0;
  for (const name of readdirSync(outDir)) highest = Math.max(highest, versionNumber(name, month) ?? 0);
  return highest;
}

/** N for a version folder's name `<month>.vN`, else null. */
function versionNumber(name: string, month: string): number | null {
  const match = /^(\d{4}-\d{2})\.v([1-9]\d*)$/.exec(name);
  return match && match[1] === month ? Number(match[2]) : null;
}

function readLinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * Write version `version` of a month and make it the one in force. On failure nothing of the new version is
 * left and the previous version stays in force. `files` is read once, a file at a time, so they may be made
 * as they are written.
 */
export async function publishMonth(
  outDir: string,
  month: string,
  version: number,
  files: Iterable<OutputFile>,
  hooks: WriteHooks = {},
): Promise<{ folder: string } | { error: string }> {
  const draft = draftMonth(outDir, month, version, hooks);
  for (const file of files) {
    await draft.add(file.path, file.contents);
    if (draft.failure !== null) break;
  }
  return draft.publish();
}

/**
 * A version of a month being written, file by file, while the month is still being billed (the files go to
 * disk as each statement is billed, instead of waiting in memory). Nothing is
 * visible in the output folder until `publish`; `abandon` removes what was written. A write that fails is
 * kept, later writes are skipped, and `publish` reports it, so the caller has one place to handle it.
 */
export interface MonthDraft {
  /** A whole file, fsynced on the thread pool while the caller goes on; `seen` is shown every byte written. */
  add(path: string, contents: FileContents, seen?: BytesSeen): Promise<void>;
  /**
   * Pieces at the end of a file written over the run (a table whose rows come a statement at a time); `seen`,
   * the same for every piece of the file, is shown its bytes as they go to disk (a megabyte at a time).
   */
  append(path: string, pieces: Iterable<string | Uint8Array>, seen?: BytesSeen): void;
  /** Write what the appended files still hold, so that their `seen` has had every byte (before their digests are taken). */
  flushAppended(): void;
  /** Why a write failed (the first failure; later writes are skipped), or null. */
  readonly failure: string | null;
  /** Make every file durable, then the version, then the version in force. */
  publish(): Promise<{ folder: string } | { error: string }>;
  /** Remove what was written (a run that found problems after it began writing). */
  abandon(): Promise<void>;
}

export function draftMonth(outDir: string, month: string, version: number, hooks: WriteHooks = {}): MonthDraft {
  const link = join(outDir, month);
  const step = hooks.afterStep ?? (() => undefined);
  const batch = durableBatch();
  const folders = new Set<string>();
  const appending = new Map<string, { fd: number; file: ReturnType<typeof bufferedFile> }>(); // path → open file
  let error: string | null = null;
  let staging: string | null = null;
  const failWith = (cause: unknown) => {
    error ??= `cannot write ${link}: ${describeFsError(cause)}`;
  };
  try {
    removeLeftovers(outDir, month, version);
    // mkdir rather than mkdtemp, so the folder gets the usual permissions (umask) and accounting can read it.
    staging = join(outDir, `.${month}.partial-${randomBytes(6).toString('hex')}`);
    mkdirSync(staging);
    folders.add(staging);
  } catch (cause) {
    failWith(cause);
  }
  const place = (path: string) => {
    const full = join(staging!, path);
    if (!folders.has(dirname(full))) {
      mkdirSync(dirname(full), { recursive: true });
      folders.add(dirname(full));
    }
    return full;
  };
  const closeAppending = () => {
    for (const { fd } of appending.values()) closeSync(fd);
    appending.clear();
  };
  const abandon = async () => {
    await batch.drain().catch(() => undefined);
    closeAppending();
    if (staging) rmSync(staging, { recursive: true, force: true });
    staging = null;
  };

  return {
    get failure() {
      return error;
    },
    async add(path, contents, seen) {
      if (error !== null) return;
      try {
        await batch.add(place(path), contents, seen);
        step('file-written', path);
      } catch (cause) {
        failWith(cause);
      }
    },
    append(path, pieces, seen) {
      if (error !== null) return;
      try {
        let open = appending.get(path);
        if (open === undefined) {
          const fd = openSync(place(path), 'w');
          open = { fd, file: bufferedFile(fd, seen) };
          appending.set(path, open);
        }
        open.file.write(pieces);
      } catch (cause) {
        failWith(cause);
      }
    },
    flushAppended() {
      if (error !== null) return;
      try {
        for (const { file } of appending.values()) file.flush();
      } catch (cause) {
        failWith(cause);
      }
    },
    async publish() {
      let unpublished: string | null = null;
      try {
        if (error !== null) throw new Error(error);
        for (const [path, { fd, file }] of appending) {
          file.flush();
          appending.delete(path);
          await batch.settle(fd);
          step('file-written', path);
        }
        await batch.drain();
        for (const folder of folders) syncFolder(folder);
        step('staged', staging!);
        const refused = hooks.mayPublish?.() ?? null;
        if (refused !== null) {
          error = `${link} was not written: ${refused}; run again`;
          throw new Error(error);
        }

        const versionName = `${month}.v${version}`;
        const versionFolder = join(outDir, versionName);
        renameSync(staging!, versionFolder);
        staging = null;
        unpublished = versionFolder;
        syncFolder(outDir);
        step('versioned', versionName);

        // A plain month folder (restored from a backup) cannot be swapped atomically for a link; it becomes the
        // previous version's folder first.
        if (isPlainFolder(link)) {
          renameSync(link, join(outDir, `${month}.v${version - 1}`));
          step('previous-kept', `${month}.v${version - 1}`);
        }
        const temporaryLink = join(outDir, `.${month}.link-${randomBytes(6).toString('hex')}`);
        symlinkSync(versionName, temporaryLink);
        renameSync(temporaryLink, link);
        unpublished = null;
        syncFolder(outDir);
        step('published', link);
        return { folder: link };
      } catch (cause) {
        failWith(cause);
        await abandon();
        if (unpublished) rmSync(unpublished, { recursive: true, force: true });
        return { error: error! };
      }
    },
    abandon,
  };
}

/**
 * What a killed run of this month may have left: staging folders, temporary links, and version folders at or
 * above the one about to be written, which were never published (the version in force is below it).
 */
function removeLeftovers(outDir: string, month: string, version: number): void {
  for (const name of readdirSync(outDir)) {
    const leftover =
      name.startsWith(`.${month}.partial-`) || name.startsWith(`.${month}.link-`) || (versionNumber(name, month) ?? 0) >= version;
    if (leftover) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

function isPlainFolder(path: string): boolean {
  try {
    const stats = lstatSync(path);
    return stats.isDirectory() && !stats.isSymbolicLink();
  } catch {
    return false;
  }
}
