import { EntryTable } from '../billing/entry-table.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_DIALECTS } from '../formats/csv-dialect.js';
import { BILL_FILES, billListing, MANIFEST_FILE, parseManifest, RECORD_FILE, type FileDigest, type Manifest } from '../formats/manifest.js';
import { MONTH_TABLE_NAMES, type MonthTableName } from '../formats/month-tables.js';
import { bytesOnDisk, recordPieces } from './byte-source.js';
import { digestOfPieces, sha256Hex } from './digest.js';
import { readLinesRecord } from './month-store.js';
import type { Issue } from '../billing/issue.js';
import { RECORD_BIN, recordEncoder } from '../formats/record.js';

export interface FolderCheck {
  manifest: Manifest | null;
  /** What does not match, in plain words; empty when the folder is as written. */
  problems: string[];
  /** How many files matched their recorded hash. */
  matched: number;
}

/**
 * `ipex-bill verify`: recheck a month folder against its manifest: every listed file is there with the
 * recorded size and sha256, nothing unlisted was added, and the record reads back. Each row of the month's
 * tables goes to `onRow` (keyed by column name), for the caller to check that the figures add up. Files are
 * read a few megabytes at a time, so a month of any size is checked in little memory.
 */
export function checkMonthFolder(folder: string, onRow: (table: MonthTableName, row: Record<string, string>) => void): FolderCheck {
  let text: string;
  try {
    text = readFileSync(join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    return { manifest: null, problems: [`${folder} has no readable ${MANIFEST_FILE}; is it a month folder written by ipex-bill?`], matched: 0 };
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return { manifest: null, problems: [parsed.error], matched: 0 };
  const { manifest } = parsed;

  const problems: string[] = [];
  let matched = 0;
  const present = new Set<string>();
  for (const output of manifest.outputs) {
    let found: FileDigest;
    try {
      found = digestOfPieces(output.file, bytesOnDisk(join(folder, output.file)).pieces());
    } catch {
      problems.push(`${output.file} is missing`);
      continue;
    }
    present.add(output.file);
    if (found.bytes !== output.bytes || found.sha256 !== output.sha256) {
      problems.push(`${output.file} has changed since it was written (${found.bytes} bytes, sha256 ${found.sha256.slice(0, 12)}…; the manifest says ${output.bytes} bytes, ${output.sha256.slice(0, 12)}…)`);
    } else {
      matched++;
    }
  }
  // Since manifest@6 the bill's hash is the listing of its tables' hashes, which the files were just checked against.
  if (manifest.format === 'ipex-bill/manifest@6') {
    const listing = billListing(manifest.outputs);
    if (listing === null) problems.push(`the manifest does not list ${BILL_FILES.filter((file) => !manifest.outputs.some((o) => o.file === file)).join(', ')}, which are the bill`);
    else if (sha256Hex(listing) !== manifest.bill_sha256) problems.push(`the manifest's bill_sha256 is not the hash of its ${BILL_FILES.join(', ')} (sha256sum of the three): the manifest has been edited`);
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.outputs.map((o) => o.file)]);
  for (const file of listFiles(folder)) if (!listed.has(file)) problems.push(`${file} is not listed in the manifest`);

  const { delimiter } = CSV_DIALECTS[manifest.csv_dialect];
  for (const table of MONTH_TABLE_NAMES) {
    const file = `${table}.csv`;
    if (!present.has(file)) continue;
    const failed = forEachRow(join(folder, file), delimiter, (row) => onRow(table, row));
    if (failed !== null) problems.push(`${file} is not readable CSV (${failed})`);
  }
  // The record must read back as entries, as the next run will read it.
  const record = RECORD_FILE[manifest.format];
  if (present.has(record)) problems.push(...recordProblems(folder, manifest, present.has('lines.csv')));
  return { manifest, problems, matched };
}

/**
 * Whether the month's record reads back, one entry at a time (nothing is kept). For manifest@3, lines.csv is
 * read as a record and each of its entries encoded again: the bytes must be record.bin's, so the two records
 * list the same entries, in the same order, on the same lines.
 */
function recordProblems(folder: string, manifest: Manifest, withLines: boolean): string[] {
  const problems: string[] = [];
  const scratch = new EntryTable();
  const say = (issues: readonly Issue[], file: string) => {
    for (const issue of issues.slice(0, 5)) problems.push(`${file}:${issue.source?.line ?? ''}: ${issue.message} (the record of what the month billed)`);
  };
  if (RECORD_FILE[manifest.format] !== RECORD_BIN) {
    const record = RECORD_FILE[manifest.format];
    say(readLinesRecord(bytesOnDisk(join(folder, record)), record, manifest.format, scratch, 0, () => scratch.truncate(0)).issues, record);
    return problems;
  }
  let bin: Buffer;
  try {
    bin = readFileSync(join(folder, RECORD_BIN));
  } catch {
    return [`${RECORD_BIN} cannot be read`];
  }
  if (!withLines) return problems; // lines.csv is missing, said already
  const encoder = recordEncoder();
  const head = encoder.start();
  let at = head.length;
  let entries = 0;
  let compared = 0;
  let differs: string | null = bin.subarray(0, at).equals(head) ? null : `${RECORD_BIN} does not start as a record file`;
  const lines = readLinesRecord(bytesOnDisk(join(folder, 'lines.csv')), 'lines.csv', manifest.format, scratch, 0, (row) => {
    const entry = scratch.entry(row);
    scratch.truncate(0);
    entries++;
    if (differs !== null || at === bin.length) return; // at the end of record.bin: lines.csv has more, said below
    encoder.entry(entry, entry.source.line);
    const bytes = encoder.take();
    if (!bin.subarray(at, at + bytes.length).equals(bytes)) differs = `${RECORD_BIN} and lines.csv differ at entry ${entries} (id ${entry.id}, lines.csv:${entry.source.line})`;
    at += bytes.length;
    compared++;
  });
  say(lines.issues, 'lines.csv');
  if (differs === null && at < bin.length) differs = `${RECORD_BIN} has more entries than lines.csv (${entries})`;
  if (differs === null && compared < entries) differs = `${RECORD_BIN} has fewer entries than lines.csv (${entries})`;
  if (differs !== null && lines.issues.length === 0) problems.push(differs);
  return problems;
}

/** Each row of a CSV file this tool wrote, keyed by its header's names, parsed a piece of whole records at a time; the error, or null. */
function forEachRow(path: string, delimiter: string, onRow: (row: Record<string, string>) => void): string | null {
  let header: string[] | null = null;
  let first = true;
  try {
    for (const piece of recordPieces(bytesOnDisk(path).pieces())) {
      const records = parse(piece, { bom: first, delimiter, relax_column_count: true }) as string[][];
      first = false;
      for (const fields of records) {
        if (header === null) {
          header = fields;
          continue;
        }
        if (fields.length !== header.length) throw new Error(`a row has ${fields.length} fields, the header ${header.length}`);
        const row: Record<string, string> = {};
        header.forEach((name, i) => (row[name] = fields[i]!));
        onRow(row);
      }
    }
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

/** Every file under a folder, as paths relative to it with `/`. */
function listFiles(folder: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(folder, path));
    else files.push(path);
  }
  return files.sort();
}
