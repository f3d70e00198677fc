import { readFileSync, statSync } from 'node:fs';
import type { Checked, Issue } from '../billing/issue.js';
import { EntryTable } from '../billing/entry-table.js';
import type { CustomerRow, TopUp } from '../billing/types.js';
import type { FileDigest, InputKind, InputRecord } from '../formats/manifest.js';
import { digestOf, digestOfPieces, digestStream } from './digest.js';
import { bytesOnDisk, PIECE_BYTES, type ByteSource } from './byte-source.js';
import { parseCustomers } from './read-customers.js';
import { parseTopUps } from './read-top-ups.js';
import { parseWorkLog, parseWorkLogOnWorkers, type WorkLogOptions } from './read-work-log.js';
import { pieceReaders } from './piece-readers.js';
import type { CsvTableOptions, Delimiter, HeaderNames, InputDialect, InvalidRow } from './read-csv.js';

/** Paths of one run's inputs, and how to name each file in messages (as the user wrote it). */
export interface InputFiles {
  logs: { path: string; name: string }[];
  customers: { path: string; name: string };
  topups: { path: string; name: string } | null;
}

export interface LoadedInputs {
  /** Every entry of the logs, as columns; a file with a CSV syntax error gives none (it is not billed at all). */
  entries: EntryTable;
  customers: CustomerRow[];
  /** Ids of the customer file's rows that could not be read (their problems are among the issues). */
  unreadCustomers: ReadonlySet<string>;
  topUps: TopUp[];
  /** Each file read, with the size and sha256 of the bytes actually parsed and how they were read (for the manifest). */
  digests: InputRecord[];
  /** Each file's valid rows, by file as named in messages (for `validate`). */
  rowCounts: Map<string, number>;
  /** Work-log rows that could not be read, with what they say (for `--reject-invalid`). */
  invalidRows: { file: string; row: InvalidRow }[];
  /** Per file (as named in messages): each canonical column's header as the file writes it. */
  headerNames: Map<string, HeaderNames>;
}

/** Read a whole file, or an issue saying why it cannot be read. */
export function readInputFile(path: string, name: string): { bytes: Uint8Array } | { issue: Issue } {
  try {
    return { bytes: readFileSync(path) };
  } catch (error) {
    return { issue: unreadable(error, name) };
  }
}

/** A file to read a piece at a time (a work log, which may be large), or an issue saying why it cannot be read. */
function openInputFile(path: string, name: string): { bytes: HashedSource } | { issue: Issue } {
  try {
    return { bytes: hashedWhileRead(bytesOnDisk(path), name) };
  } catch (error) {
    return { issue: unreadable(error, name) };
  }
}

/** A file read a piece at a time, whose digest is taken on the reader's first pass over it. */
interface HashedSource extends ByteSource {
  digest(): FileDigest;
}

/**
 * The reader walks a log twice (its encoding, then its records); the digest the manifest records rides on the
 * first walk instead of a third. Only a walk that stopped early (a NUL byte) leaves it to a pass of its own.
 */
function hashedWhileRead(source: ByteSource, name: string): HashedSource {
  let done: FileDigest | null = null;
  let walked = false;
  return {
    size: source.size,
    *pieces() {
      if (walked) {
        yield* source.pieces();
        return;
      }
      walked = true;
      const digest = digestStream(name);
      for (const piece of source.pieces()) {
        digest.update(piece);
        yield piece;
      }
      done = digest.finish();
    },
    digest: () => done ?? digestOfPieces(name, source.pieces()),
  };
}

function unreadable(error: unknown, name: string): Issue {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
  return { code: 'file-unreadable', message: `cannot read the file: ${why}`, source: { file: name, line: 0 } };
}

/**
 * Read every input of a run; all problems of all files come back together. A log larger than a few pieces is
 * read on `threads` worker threads besides this one (none below two).
 */
export async function loadInputs(
  files: InputFiles,
  options: WorkLogOptions = {},
  onProgress?: (file: string, fraction: number) => void,
  threads = 0,
): Promise<Checked<LoadedInputs>> {
  const { logFormat, ...csv } = options;
  const issues: Issue[] = [];
  const digests: LoadedInputs['digests'] = [];
  const headerNames = new Map<string, HeaderNames>();
  const rowCounts = new Map<string, number>();
  const invalidRows: LoadedInputs['invalidRows'] = [];
  const unreadCustomers = new Set<string>();
  const entries = new EntryTable();
  const parseFile = async <T>(
    kind: InputKind,
    file: { path: string; name: string },
    parseBytes: (bytes: Uint8Array | ByteSource, name: string, options: CsvTableOptions) => Checked<T[]> | Promise<Checked<T[]>>,
  ): Promise<T[]> => {
    onProgress?.(file.name, 0);
    // Logs are read from disk a piece at a time, never whole; the small files at once.
    const read = kind === 'work-log' ? openInputFile(file.path, file.name) : readInputFile(file.path, file.name);
    if ('issue' in read) {
      issues.push(read.issue);
      return [];
    }
    let dialect: InputDialect | null = null;
    const parsed = await parseBytes(read.bytes, file.name, {
      ...csv,
      onHeader: (names) => headerNames.set(file.name, names),
      onDialect: (found) => (dialect = found),
      ...(onProgress ? { onProgress: (fraction: number) => onProgress(file.name, fraction) } : {}),
      ...(kind === 'work-log' ? { onInvalidRow: (row: InvalidRow) => invalidRows.push({ file: file.name, row }) } : {}),
      ...(kind === 'customers' ? { onInvalidRow: (row: InvalidRow) => unreadCustomers.add(row.values.customer ?? '') } : {}),
    });
    digests.push(inputRecord(kind, file.name, read.bytes, dialect));
    rowCounts.set(file.name, (rowCounts.get(file.name) ?? 0) + parsed.value.length);
    issues.push(...parsed.issues);
    return parsed.value;
  };
  // The manifest lists the logs first.
  const customers = await parseFile('customers', files.customers, parseCustomers);
  const topUps = files.topups ? await parseFile('top-ups', files.topups, parseTopUps) : [];
  const others = digests.splice(0);
  const large = files.logs.some((file) => logBytes([file.path]) > 2 * PIECE_BYTES);
  const workers = large ? pieceReaders(threads) : null;
  try {
    // A log format (`--preset`) applies to the work logs only; customers and top-ups are always ours.
    for (const file of files.logs) {
      const before = entries.size;
      await parseFile('work-log', file, async (bytes, name, o) => {
        const logOptions = { ...o, logFormat: logFormat ?? null };
        const parsed = workers !== null && !(bytes instanceof Uint8Array) && bytes.size > 2 * PIECE_BYTES
          ? await parseWorkLogOnWorkers(bytes, name, entries, logOptions, workers)
          : parseWorkLog(bytes, name, entries, logOptions);
        return { value: [], issues: parsed.issues };
      });
      rowCounts.set(file.name, (rowCounts.get(file.name) ?? 0) + entries.size - before);
    }
  } finally {
    await workers?.close();
  }
  entries.compact();
  digests.push(...others);
  return { value: { entries, customers, unreadCustomers, topUps, digests, headerNames, rowCounts, invalidRows }, issues };
}

/** The logs' total size in bytes; a file that cannot be read counts 0 (its reading reports why). */
export function logBytes(paths: readonly string[]): number {
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      // reported with its reason when the file is read
    }
  }
  return bytes;
}

const DELIMITER_WORDS: Record<Delimiter, 'comma' | 'semicolon' | 'tab'> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** A file for the manifest: its bytes' digest, and its dialect when the bytes could be decoded. */
export function inputRecord(kind: InputKind, name: string, bytes: Uint8Array | HashedSource, dialect: InputDialect | null): InputRecord {
  const digest = { kind, ...(bytes instanceof Uint8Array ? digestOf(name, bytes) : bytes.digest()) };
  return dialect === null ? digest : { ...digest, encoding: dialect.encoding, delimiter: DELIMITER_WORDS[dialect.delimiter] };
}
