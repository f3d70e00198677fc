import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_DIALECTS } from '../formats/csv-dialect.js';
import { MANIFEST_FILE, parseManifest, RECORD_FILE, type Manifest } from '../formats/manifest.js';
import type { MonthTables } from '../formats/month-tables.js';
import { readRecord } from './month-store.js';
import { sha256Hex } from './digest.js';

export interface FolderCheck {
  manifest: Manifest | null;
  /** What does not match, in plain words; empty when the folder is as written and adds up. */
  problems: string[];
  /** How many files matched their recorded hash. */
  matched: number;
  /** The month's CSV tables as read back (rows keyed by column name), for the caller to check that they add up. */
  tables: MonthTables;
}

const NO_TABLES: MonthTables = { summary: [], invoices: [], lines: [], units: [] };

/**
 * `ipex-bill verify`: recheck a month folder against its manifest: every listed file is there with the
 * recorded size and sha256, nothing unlisted was added, and the figures add up (see `reconcileMonth`).
 */
export function checkMonthFolder(folder: string): FolderCheck {
  let text: string;
  try {
    text = readFileSync(join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    return { manifest: null, problems: [`${folder} has no readable ${MANIFEST_FILE}; is it a month folder written by ipex-bill?`], matched: 0, tables: NO_TABLES };
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return { manifest: null, problems: [parsed.error], matched: 0, tables: NO_TABLES };
  const { manifest } = parsed;

  const problems: string[] = [];
  let matched = 0;
  const contents = new Map<string, Buffer>();
  for (const output of manifest.outputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(folder, output.file));
    } catch {
      problems.push(`${output.file} is missing`);
      continue;
    }
    contents.set(output.file, bytes);
    if (bytes.byteLength !== output.bytes || sha256Hex(bytes) !== output.sha256) {
      problems.push(`${output.file} has changed since it was written (${bytes.byteLength} bytes, sha256 ${sha256Hex(bytes).slice(0, 12)}…; the manifest says ${output.bytes} bytes, ${output.sha256.slice(0, 12)}…)`);
    } else {
      matched++;
    }
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.outputs.map((o) => o.file)]);
  for (const file of listFiles(folder)) if (!listed.has(file)) problems.push(`${file} is not listed in the manifest`);

  const dialect = CSV_DIALECTS[manifest.csv_dialect];
  const table = (file: string): Record<string, string>[] => {
    const bytes = contents.get(file);
    if (!bytes) return [];
    try {
      return parse(bytes, { columns: true, bom: true, delimiter: dialect.delimiter }) as Record<string, string>[];
    } catch (error) {
      problems.push(`${file} is not readable CSV (${(error as Error).message})`);
      return [];
    }
  };
  const tables: MonthTables = { summary: table('summary.csv'), invoices: table('invoices.csv'), lines: table('lines.csv'), units: table('units.csv') };
  // The record must read back as entries, as the next run will read it.
  const record = contents.get(RECORD_FILE[manifest.format]);
  if (record) {
    const read = readRecord(record, RECORD_FILE[manifest.format], manifest.format, () => undefined);
    for (const issue of read.issues.slice(0, 5)) problems.push(`${issue.source?.file ?? ''}:${issue.source?.line ?? ''}: ${issue.message} (the record of what the month billed)`);
  }
  return { manifest, problems, matched, tables };
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
