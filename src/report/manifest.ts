import type { MonthBill } from '../billing/bill-month.js';
import type { BillingMonth } from '../billing/types.js';
import type { CsvDialectName } from './csv-dialect.js';
import { figuresJson } from './json.js';

/** Identifies the shape of `manifest.json`; bump the number when a field changes meaning or disappears. */
export const MANIFEST_FORMAT = 'ipex-bill/manifest@1';
export const MANIFEST_FILE = 'manifest.json';

/** A file and the hash of its bytes: for inputs, the bytes actually read; for outputs, the bytes written. */
export interface FileDigest {
  file: string;
  bytes: number;
  sha256: string;
}

export type InputKind = 'work-log' | 'customers' | 'top-ups' | 'decisions';

/** An input file as the manifest records it: what it is, its bytes, and how they were read (when they could be). */
export type InputRecord = FileDigest & { kind: InputKind; encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1250'; delimiter?: 'comma' | 'semicolon' | 'tab' };

export interface Reissue {
  reason: string;
  /** The version this one replaces; it stays beside it as `<YYYY-MM>.v<N>/`. */
  replaces_version: number;
  /** null when the version replaced was damaged and its manifest could not be read (issue 13). */
  previous_bill_sha256: string | null;
}

/** `manifest.json`: the audit record of one written month (documented in docs/outputs.md). */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  month: BillingMonth;
  version: number;
  created_at: string;
  tool: { name: string; version: string };
  price_list_sha256: string;
  csv_dialect: CsvDialectName;
  inputs: InputRecord[];
  /** read = billed + free + rejected + already_billed + earlier + later; late entries are among billed and free. */
  rows: { read: number; billed: number; free: number; rejected: number; late: number; already_billed: number; earlier: number; later: number };
  totals: ReturnType<typeof figuresJson> & { currency: 'CZK'; statements: number };
  /** sha256 of the bill as `--json` prints it: equal hashes mean the same bill, whatever the CSV dialect. */
  bill_sha256: string;
  outputs: FileDigest[];
  reissue: Reissue | null;
  /** The newest entry dated in the month (null: none, billed with --allow-empty); absent before issue 13. */
  newest_entry_date?: string | null;
  notes: string[];
}

export interface ManifestArgs {
  bill: MonthBill;
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  priceListSha256: string;
  csvDialect: CsvDialectName;
  inputs: InputRecord[];
  /** Work-log rows set aside by `--reject-invalid`. */
  rejected?: number;
  billSha256: string;
  outputs: FileDigest[];
  reissue: Reissue | null;
  newestEntryDate: string | null;
  notes: string[];
}

/** Row counts of a bill: every entry read is counted exactly once (R14). */
export function rowCounts(bill: MonthBill, rejected = 0): Manifest['rows'] {
  let lines = 0;
  let billed = 0;
  for (const s of bill.statements) {
    lines += s.lineCount;
    billed += s.paidLineCount;
  }
  const c = bill.entryCounts;
  return {
    // Rows set aside never became entries of the bill, so they are added to what it read.
    read: c.read + rejected,
    billed,
    free: lines - billed,
    rejected,
    late: c.late,
    already_billed: c.alreadyBilled,
    earlier: c.earlier,
    later: c.later,
  };
}

export function buildManifest(args: ManifestArgs): Manifest {
  return {
    format: MANIFEST_FORMAT,
    month: args.bill.month,
    version: args.version,
    created_at: args.createdAt,
    tool: args.tool,
    price_list_sha256: args.priceListSha256,
    csv_dialect: args.csvDialect,
    inputs: args.inputs,
    rows: rowCounts(args.bill, args.rejected ?? 0),
    totals: { ...figuresJson(args.bill.totals), currency: 'CZK', statements: args.bill.statements.length },
    bill_sha256: args.billSha256,
    outputs: args.outputs,
    reissue: args.reissue,
    newest_entry_date: args.newestEntryDate,
    notes: args.notes,
  };
}

export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
