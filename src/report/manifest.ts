import type { MonthBill } from '../billing/bill-month.js';
import type { CsvDialectName } from '../formats/csv-dialect.js';
import { MANIFEST_FORMAT, type FileDigest, type InputRecord, type Manifest } from '../formats/manifest.js';
import { figuresJson } from './json.js';

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
  reissue: Manifest['reissue'];
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
