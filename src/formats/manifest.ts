import { z } from 'zod';
import { CSV_DIALECT_NAMES } from './csv-dialect.js';
import { RECORD_BIN } from './record.js';

/*
 * `manifest.json`, the audit record of one written month (documented in docs/outputs.md). One zod schema is
 * both the reader's check and, inferred, the type the writer fills in. Two formats are read:
 *   - `ipex-bill/manifest@1` (version 0.1): the month's record is `entries.csv`, and `bill_sha256` is the hash
 *     of the bill's JSON with the totals first (`ipex-bill/month-bill@1`);
 *   - `ipex-bill/manifest@2`: the record is `lines.csv`, and `bill_sha256` is the hash of the bill's JSON with
 *     the totals last (`ipex-bill/month-bill@2`), so it is taken while the month is billed and written;
 *   - `ipex-bill/manifest@3`: as @2, and later runs read the record from `record.bin`, the same entries as
 *     `lines.csv` in a compact binary form (formats/record.ts), so that history does not slow every run down;
 *   - `ipex-bill/manifest@4`: as @3, and the bill's JSON that `bill_sha256` hashes has each statement's
 *     `top_up_advice` (issue 16); a month of @2 or @3 is compared through the JSON without it;
 *   - `ipex-bill/manifest@5`: as @4, and `bill_sha256` is the hash of that JSON without whitespace
 *     (`JSON.stringify` of what `--json` prints): half the bytes to hash (issue 14);
 *   - `ipex-bill/manifest@6`: as @5, and `bill_sha256` is the hash of the month's bill tables as written
 *     (`billListing`): no JSON is made only to be hashed (issue 14). A month of @5 is compared through its JSON
 *     made again, as @2 to @4 are. Its documents.jsonl is statement-document@2 (either is read).
 * Months written in any of them stay readable: a closed month is final.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMATS = ['ipex-bill/manifest@1', 'ipex-bill/manifest@2', 'ipex-bill/manifest@3', 'ipex-bill/manifest@4', 'ipex-bill/manifest@5', 'ipex-bill/manifest@6'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];
/** The format this version writes. */
export const MANIFEST_FORMAT: ManifestFormat = 'ipex-bill/manifest@6';

/** The file that records what a month billed, entry by entry, as later runs read it back (R14). */
export const RECORD_FILE: Record<ManifestFormat, string> = {
  'ipex-bill/manifest@1': 'entries.csv',
  'ipex-bill/manifest@2': 'lines.csv',
  'ipex-bill/manifest@3': RECORD_BIN,
  'ipex-bill/manifest@4': RECORD_BIN,
  'ipex-bill/manifest@5': RECORD_BIN,
  'ipex-bill/manifest@6': RECORD_BIN,
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();
const haler = z.number().int();

/** A file and the hash of its bytes: for inputs, the bytes actually read; for outputs, the bytes written. */
const fileDigest = z.strictObject({ file: z.string().min(1), bytes: count, sha256 });
export type FileDigest = z.infer<typeof fileDigest>;

const inputKind = z.enum(['work-log', 'customers', 'top-ups', 'decisions']);
export type InputKind = z.infer<typeof inputKind>;

/** An input file: what it is, its bytes, and how they were read (when they could be; written since issue 3). */
const inputRecord = fileDigest.extend({
  kind: inputKind,
  encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1250']).optional(),
  delimiter: z.enum(['comma', 'semicolon', 'tab']).optional(),
});
export type InputRecord = z.infer<typeof inputRecord>;

/** A statement's or the month's figures in JSON: money in haléře, time in minutes. */
export const figuresSchema = z.strictObject({
  package_fee_haler: haler,
  topup_blocks: count,
  topup_fee_haler: haler,
  included_minutes: count,
  worked_minutes: count,
  free_minutes: count,
  billable_minutes: count,
  covered_minutes: count,
  charged_minutes: count,
  work_amount_haler: haler,
  total_amount_haler: haler,
});

const manifestSchema = z.strictObject({
  format: z.enum(MANIFEST_FORMATS),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  version: z.number().int().positive(),
  created_at: z.string(),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  price_list_sha256: sha256,
  csv_dialect: z.enum(CSV_DIALECT_NAMES),
  inputs: z.array(inputRecord),
  /** read = billed + free + rejected + already_billed + earlier + later; late entries are among billed and free. */
  rows: z.strictObject({ read: count, billed: count, free: count, rejected: count, late: count, already_billed: count, earlier: count, later: count }),
  totals: figuresSchema.extend({ currency: z.literal('CZK'), statements: count }),
  /** The bill's hash (`billListing` since @6; the bill's JSON before): equal hashes in one CSV dialect mean the same bill. */
  bill_sha256: sha256,
  outputs: z.array(fileDigest),
  /** The version this one replaces (it stays beside it as `<YYYY-MM>.v<N>/`); previous hash null when it was damaged. */
  reissue: z.strictObject({ reason: z.string(), replaces_version: z.number().int().positive(), previous_bill_sha256: sha256.nullable() }).nullable(),
  /** The newest entry dated in the month (null: none, billed with --allow-empty); written since issue 13. */
  newest_entry_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  notes: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The month's files that are its bill, in the order `billListing` names them: every figure and every line
 * billed, and nothing that changes with the version (invoices.csv numbers it) or only shows it (statements).
 */
export const BILL_FILES = ['summary.csv', 'lines.csv', 'units.csv'] as const;

/**
 * What `bill_sha256` hashes since manifest@6: the text `sha256sum summary.csv lines.csv units.csv` prints in the
 * month's folder (a line `<sha256>  <file>` each), from the files' digests; null when one is not among them.
 * The tables are hashed as they are written anyway, so the bill's hash costs nothing more, and anyone can
 * check it with coreutils. The tables are spelled in the month's CSV dialect, so a run in another dialect
 * compares by spelling its tables in the month's.
 */
export function billListing(digests: readonly Pick<FileDigest, 'file' | 'sha256'>[]): string | null {
  let listing = '';
  for (const file of BILL_FILES) {
    const found = digests.find((d) => d.file === file);
    if (found === undefined) return null;
    listing += `${found.sha256}  ${file}\n`;
  }
  return listing;
}

/** Parse `manifest.json` text; the error says what is wrong in plain words. */
export function parseManifest(text: string): { manifest: Manifest } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `manifest.json is not valid JSON (${(error as Error).message})` };
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { error: `manifest.json does not match ${MANIFEST_FORMATS.join(' or ')}: ${first ? `${first.path.join('.') || '(top)'}: ${first.message}` : 'unknown problem'}` };
  }
  return { manifest: parsed.data };
}
