import { z } from 'zod';
import { LANGUAGES, ROLES, TIERS } from '../billing/types.js';

/*
 * The customer's statement document (issue 15, R11) as data: everything its page shows, in numbers and the
 * data's own texts, in no language yet. A run writes one per customer to `documents.jsonl` and renders its PDF
 * from it; `ipex-bill statement` renders the same PDF again from that line, in either language. Minutes and
 * haléře are integers (R10), dates `YYYY-MM-DD`, times `HH:mm`.
 *
 * Two layouts of the line are read, the same document in each: `ipex-bill/statement-document@1` has each line
 * and unit as an object, `@2` (written since manifest@6) as an array of the same values, in the order of the
 * object's fields (docs/outputs.md). A month of a million entries had 310 MB of documents, 40 % of
 * it the same keys again on every line, and making them took twice as long as making the arrays.
 */

/** Who issues the statement: the policy's header, completed from the config's `supplier` section. */
const given = z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty (leave the key out, or null to show nothing)' });
export const supplierSchema = z.strictObject({
  name: given,
  address: given,
  phone: given.nullable(),
  email: given.nullable(),
  ico: given.nullable(),
  dic: given.nullable(),
  bank: given.nullable(),
});
export type Supplier = z.infer<typeof supplierSchema>;

/** The policy's own words (its header and support line); IČO, DIČ and the bank come from the config. */
export const POLICY_SUPPLIER: Supplier = {
  name: 'IPEX a.s.',
  address: 'Roháčova 77, Praha',
  phone: '515 533 333',
  email: 'noc@ipex.cz',
  ico: null,
  dic: null,
  bank: null,
};

const minutes = z.number().int().nonnegative();
const haler = z.number().int();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/).nullable();

export const documentLineSchema = z.strictObject({
  date,
  start: time,
  end: time,
  technician: z.string(),
  role: z.enum(ROLES),
  /** The catalogue code, or null when the entry has none (its class came from `billable` or a run option). */
  activity: z.string().nullable(),
  description: z.string(),
  minutes,
  /** How the line is billed: free, paid (with its unit), or a development-consultation session (R6). */
  class: z.enum(['FREE', 'PAID', 'SESSION']),
  /** Decided by hand (billable on the entry, the clerk's review decision, a run option), not by the catalogue. */
  manual: z.boolean(),
  caseId: z.string().nullable(),
  /** The paid case (unit) its paid minutes joined. */
  unit: z.number().int().positive().nullable(),
  /** Session number in the year (R6) for a session's lines. */
  session: z.number().int().positive().nullable(),
});

export const documentUnitSchema = z.strictObject({
  number: z.number().int().positive(),
  caseId: z.string().nullable(),
  /** The first entry's date, for a case without a case id. */
  firstDate: date,
  role: z.enum(ROLES),
  paidMinutes: minutes,
  roundedMinutes: minutes,
  coveredMinutes: minutes,
  chargedMinutes: minutes,
  ratePerHour: haler,
  amount: haler,
});

const line = documentLineSchema.shape;
const unit = documentUnitSchema.shape;
const lineArray = z
  .tuple([line.date, line.start, line.end, line.technician, line.role, line.activity, line.description, line.minutes, line.class, line.manual, line.caseId, line.unit, line.session])
  .transform(([date, start, end, technician, role, activity, description, minutes, kind, manual, caseId, unitNumber, session]): DocumentLine => ({
    date, start, end, technician, role, activity, description, minutes, class: kind, manual, caseId, unit: unitNumber, session,
  }));
const unitArray = z
  .tuple([unit.number, unit.caseId, unit.firstDate, unit.role, unit.paidMinutes, unit.roundedMinutes, unit.coveredMinutes, unit.chargedMinutes, unit.ratePerHour, unit.amount])
  .transform(([number, caseId, firstDate, role, paidMinutes, roundedMinutes, coveredMinutes, chargedMinutes, ratePerHour, amount]): DocumentUnit => ({
    number, caseId, firstDate, role, paidMinutes, roundedMinutes, coveredMinutes, chargedMinutes, ratePerHour, amount,
  }));

const documentShape = {
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** `invoices.csv`'s key, so the statement and the invoice pair up. */
  invoiceKey: z.string(),
  language: z.enum(LANGUAGES),
  supplier: supplierSchema,
  customer: z.strictObject({
    id: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    ico: z.string().nullable(),
    dic: z.string().nullable(),
    /** The assigned technician or consultant (PLUS, VIP), where the customer file names one. */
    contact: z.string().nullable(),
  }),
  tier: z.enum(TIERS),
  /** Guaranteed response in hours; null: not guaranteed. */
  responseHours: z.number().positive().nullable(),
  stepMinutes: z.number().int().positive(),
  /** The tier's own included minutes; top-ups come on top. */
  tierMinutes: minutes,
  topUpBlocks: z.number().int().nonnegative(),
  topUpMinutes: minutes,
  includedMinutes: minutes,
  coveredMinutes: minutes,
  leftMinutes: minutes,
  /** Development consultations this year (R6), for a tier that has them. */
  sessions: z.strictObject({ perYear: z.number().int().nonnegative(), usedThisYear: z.number().int().nonnegative(), year: z.number().int() }).nullable(),
  /** Names of the activities on the page, per language (the catalogue's, as billed). */
  activities: z.record(z.string(), z.strictObject({ cs: z.string(), en: z.string() })),
  lines: z.array(documentLineSchema),
  units: z.array(documentUnitSchema),
  packageFee: haler,
  topUpFee: haler,
  /**
   * Not on the page, for `hours` on a closed month: what one more top-up block would have saved (R8, issue 16),
   * and all minutes of the month's lines and the free ones among them.
   */
  // Months closed before the advice existed have none: read as null.
  topUpAdvice: z.strictObject({ price: haler, minutes, saving: haler }).nullable().default(null),
  workedMinutes: minutes,
  freeMinutes: minutes,
  chargedMinutes: minutes,
  workAmount: haler,
  totalAmount: haler,
};

/** A line of documents.jsonl in either layout, read as the same document. */
export const statementDocumentSchema = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('ipex-bill/statement-document@1'), ...documentShape }),
  z.strictObject({ format: z.literal('ipex-bill/statement-document@2'), ...documentShape, lines: z.array(lineArray), units: z.array(unitArray) }),
]);

/** The layout a run writes. */
export const STATEMENT_DOCUMENT_FORMAT = 'ipex-bill/statement-document@2';

export type StatementDocument = z.infer<typeof statementDocumentSchema>;

/** A document as its line of documents.jsonl (`@2`, without the line feed). */
export function documentJson(document: StatementDocument): string {
  return JSON.stringify({
    ...document,
    format: STATEMENT_DOCUMENT_FORMAT,
    lines: document.lines.map((l) => [l.date, l.start, l.end, l.technician, l.role, l.activity, l.description, l.minutes, l.class, l.manual, l.caseId, l.unit, l.session]),
    units: document.units.map((u) => [u.number, u.caseId, u.firstDate, u.role, u.paidMinutes, u.roundedMinutes, u.coveredMinutes, u.chargedMinutes, u.ratePerHour, u.amount]),
  });
}
export type DocumentLine = z.infer<typeof documentLineSchema>;
export type DocumentUnit = z.infer<typeof documentUnitSchema>;

/** The month folder's file of statement documents, one JSON line per customer, in customer order. */
export const DOCUMENTS_FILE = 'documents.jsonl';

/** The font files a statement PDF embeds (read by src/io, used by the renderer). */
export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}
