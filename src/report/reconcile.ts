import type { Haler } from '../billing/types.js';
import type { Manifest } from '../formats/manifest.js';
import type { MonthTableName } from '../formats/month-tables.js';
import type { StatementDocument } from '../formats/statement-document.js';


/** An amount as the CSV files write it (`2200.00` or `2200,00`), in haléře; null when it is not one. */
export function parseCsvAmount(text: string | undefined): Haler | null {
  const match = /^(-?)(\d+)[.,](\d{2})$/.exec(text ?? '');
  if (!match) return null;
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

function wholeNumber(text: string | undefined): number | null {
  return /^\d+$/.test(text ?? '') ? Number(text) : null;
}

/** What `reconcileMonth` checks of a statement document: its customer and figures. */
export type DocumentFigures = Pick<StatementDocument, 'totalAmount' | 'workAmount' | 'workedMinutes'> & { customer: Pick<StatementDocument['customer'], 'id'> };

/**
 * Check that a month folder adds up: each statement's fee + top-ups + work is its total; its units' amounts
 * and charged minutes are its work; its lines are its worked minutes and its invoice's line count; the
 * invoices carry the statements' totals; and everything sums to the manifest's totals and row counts. The
 * tables' rows are added one at a time (a month's lines.csv may be millions of rows), and only per-customer
 * sums are kept; `problems` says what does not add up, in plain words (empty when it all does).
 */
export function reconcileMonth(): {
  add(table: MonthTableName, row: Record<string, string>): void;
  /** `documents`: the month's statement documents, what of them is checked (null: a month written before them). */
  problems(manifest: Manifest, documents?: readonly DocumentFigures[] | null): string[];
} {
  const problems: string[] = [];
  const sums = () => new Map<string, number>();
  const unitAmounts = sums();
  const unitCharged = sums();
  const lineMinutes = sums();
  const lineCounts = sums();
  const summary: Record<string, string>[] = [];
  const invoices = new Map<string, Record<string, string>>();
  let invoiceRows = 0;
  let lineRows = 0;
  const addTo = (into: Map<string, number>, row: Record<string, string>, column: string, read: (text: string | undefined) => number | null) => {
    const value = read(row[column]);
    if (value === null) problems.push(`${column} "${row[column] ?? ''}" of customer ${row.customer ?? '?'} is not a number`);
    into.set(row.customer ?? '', (into.get(row.customer ?? '') ?? 0) + (value ?? 0));
  };
  return {
    add(table, row) {
      if (table === 'units') {
        addTo(unitAmounts, row, 'amount', parseCsvAmount);
        addTo(unitCharged, row, 'charged_minutes', wholeNumber);
      } else if (table === 'lines') {
        lineRows++;
        addTo(lineMinutes, row, 'worked_minutes', wholeNumber);
        addTo(lineCounts, row, 'customer', () => 1);
      } else if (table === 'invoices') {
        invoiceRows++;
        invoices.set(row.customer ?? '', row);
      } else summary.push(row);
    },
    problems(manifest, documents = null) {
      let total = 0;
      const documentOf = new Map((documents ?? []).map((d) => [d.customer.id, d]));
      for (const row of summary) {
        const customer = row.customer ?? '?';
        const fee = parseCsvAmount(row.package_fee);
        const topUps = parseCsvAmount(row.topup_fee);
        const work = parseCsvAmount(row.work_amount);
        const rowTotal = parseCsvAmount(row.total_amount);
        if (fee === null || topUps === null || work === null || rowTotal === null) {
          problems.push(`summary.csv: the amounts of ${customer} are not amounts`);
          continue;
        }
        total += rowTotal;
        const says = (what: string, expected: number, actual: number) => {
          if (expected !== actual) problems.push(`${customer}: ${what}: ${actual} where the summary says ${expected}`);
        };
        says('package fee + top-ups + work (haléře)', rowTotal, fee + topUps + work);
        says('sum of units.csv amounts (haléře)', work, unitAmounts.get(customer) ?? 0);
        says('sum of units.csv charged minutes', wholeNumber(row.charged_minutes) ?? -1, unitCharged.get(customer) ?? 0);
        says('sum of lines.csv worked minutes', wholeNumber(row.worked_minutes) ?? -1, lineMinutes.get(customer) ?? 0);
        const invoice = invoices.get(customer);
        if (!invoice) problems.push(`${customer}: no row in invoices.csv`);
        else {
          says('invoices.csv net amount (haléře)', rowTotal, parseCsvAmount(invoice.net_amount) ?? -1);
          says('lines.csv rows, compared with invoices.csv line_count', wholeNumber(invoice.line_count) ?? -1, lineCounts.get(customer) ?? 0);
          // Months written before issue 16 have no version columns.
          if (invoice.version !== undefined) says('invoices.csv version, compared with the manifest', manifest.version, wholeNumber(invoice.version) ?? -1);
          if (invoice.replaces_version !== undefined) {
            const replaces = manifest.reissue?.replaces_version;
            if ((invoice.replaces_version === '' ? null : wholeNumber(invoice.replaces_version)) !== (replaces ?? null)) {
              problems.push(`${customer}: invoices.csv replaces_version "${invoice.replaces_version}" where the manifest replaces ${replaces ?? 'none'}`);
            }
          }
        }
        // The customer's document says what its PDF shows: the same figures as the summary.
        if (documents) {
          const document = documentOf.get(customer);
          if (!document) problems.push(`${customer}: no statement document in documents.jsonl`);
          else {
            says('documents.jsonl total (haléře)', rowTotal, document.totalAmount);
            says('documents.jsonl work (haléře)', work, document.workAmount);
            says('documents.jsonl worked minutes', wholeNumber(row.worked_minutes) ?? -1, document.workedMinutes);
          }
        }
      }
      if (invoiceRows !== summary.length) problems.push(`invoices.csv has ${invoiceRows} rows, summary.csv ${summary.length}`);
      if (documents && documents.length !== summary.length) problems.push(`documents.jsonl has ${documents.length} statements, summary.csv ${summary.length}`);
      if (total !== manifest.totals.total_amount_haler) {
        problems.push(`the statements add up to ${total} haléře, the manifest's total is ${manifest.totals.total_amount_haler}`);
      }
      if (summary.length !== manifest.totals.statements) {
        problems.push(`summary.csv has ${summary.length} statements, the manifest says ${manifest.totals.statements}`);
      }
      const { rows } = manifest;
      if (lineRows !== rows.billed + rows.free) {
        problems.push(`lines.csv has ${lineRows} lines, the manifest says ${rows.billed} billed + ${rows.free} free`);
      }
      if (rows.read !== rows.billed + rows.free + rows.rejected + rows.already_billed + rows.earlier + rows.later) {
        problems.push(`the manifest's row counts do not add up to the ${rows.read} rows read`);
      }
      return problems;
    },
  };
}
