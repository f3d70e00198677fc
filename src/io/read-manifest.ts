import { z } from 'zod';
import { CSV_DIALECT_NAMES } from '../report/csv-dialect.js';
import { MANIFEST_FORMAT, type Manifest } from '../report/manifest.js';

// zod here rather than hand-written checks: the manifest is a nested document read rarely, where a schema
// that says "this is the shape" is clearer than a page of ifs, and speed does not matter.
const digest = z.strictObject({ file: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const count = z.number().int().nonnegative();
const haler = z.number().int();

const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  version: z.number().int().positive(),
  created_at: z.string(),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  price_list_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  csv_dialect: z.enum(CSV_DIALECT_NAMES),
  inputs: z.array(
    digest.extend({
      kind: z.enum(['work-log', 'customers', 'top-ups', 'decisions']),
      // Written since issue 3; older manifests do not have them.
      encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1250']).optional(),
      delimiter: z.enum(['comma', 'semicolon', 'tab']).optional(),
    }),
  ),
  rows: z.strictObject({ read: count, billed: count, free: count, rejected: count, late: count, already_billed: count, earlier: count, later: count }),
  totals: z.strictObject({
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
    currency: z.literal('CZK'),
    statements: count,
  }),
  bill_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  outputs: z.array(digest),
  reissue: z.strictObject({ reason: z.string(), replaces_version: z.number().int().positive(), previous_bill_sha256: z.string().nullable() }).nullable(),
  // Written since issue 13.
  newest_entry_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  notes: z.array(z.string()),
});

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
    return { error: `manifest.json does not match ${MANIFEST_FORMAT}: ${first ? `${first.path.join('.') || '(top)'}: ${first.message}` : 'unknown problem'}` };
  }
  return { manifest: parsed.data as Manifest };
}
