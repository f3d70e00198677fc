import type { PriceList } from '../billing/price-list.js';
import type { TopUpAdvice } from '../billing/top-up-advice.js';
import type { Statement } from '../billing/statement.js';
import type { CustomerRow } from '../billing/types.js';
import { lastDayOfMonth } from '../billing/month.js';
import { STATEMENT_DOCUMENT_FORMAT, type StatementDocument, type Supplier } from '../formats/statement-document.js';

/**
 * R11: what the customer's statement document shows, from the month's statement, the customer file's row in
 * force (address, IČO, DIČ, language, assigned contact) and the price list as billed. `row` is null for a
 * customer billed without one (only a NONE customer found in the log can be).
 */
export function statementDocument(args: {
  statement: Statement;
  row: CustomerRow | null;
  supplier: Supplier;
  priceList: PriceList;
  invoiceKey: string;
  /** What one more top-up block would have saved (`topUpAdvice`), computed once by the caller. */
  topUpAdvice: TopUpAdvice | null;
}): StatementDocument {
  const { statement: s, row, priceList } = args;
  const tier = priceList.tiers[s.tier];
  const hasSessions = priceList.sessions.tiers.includes(s.tier);
  const activities: StatementDocument['activities'] = {};
  for (const line of s.lines) {
    const code = line.activity;
    if (code === null || Object.hasOwn(activities, code)) continue;
    const names = Object.hasOwn(priceList.catalogue, code) ? priceList.catalogue[code]!.names : undefined;
    // An activity the config added without names, or one billed by a decision or option, is shown as written.
    activities[code] = names ?? { cs: code, en: code };
  }
  return {
    format: STATEMENT_DOCUMENT_FORMAT,
    month: s.month,
    invoiceKey: args.invoiceKey,
    language: row?.language ?? 'cs',
    supplier: args.supplier,
    customer: {
      id: s.customer,
      name: s.name,
      address: row?.address ?? null,
      ico: row?.ico ?? null,
      dic: row?.dic ?? null,
      contact: row?.contact ?? null,
    },
    tier: s.tier,
    responseHours: tier.responseHours,
    stepMinutes: priceList.stepMinutes,
    tierMinutes: tier.includedMinutes,
    topUpBlocks: s.topUpBlocks,
    topUpMinutes: s.topUpBlocks * priceList.topUp.minutes,
    includedMinutes: s.includedMinutes,
    coveredMinutes: s.coveredMinutes,
    leftMinutes: s.leftMinutes,
    sessions: hasSessions ? { perYear: priceList.sessions.perYear, usedThisYear: s.sessionsThisYear, year: Number(s.month.slice(0, 4)) } : null,
    activities,
    lines: s.lines.map((line) => ({
      date: line.entry.date,
      start: line.entry.start,
      end: line.entry.end,
      technician: line.entry.technician,
      role: line.role,
      activity: line.activity,
      description: line.entry.description,
      minutes: line.entry.minutes,
      class: line.class,
      manual: line.basis === 'manual' || line.basis === 'decision' || line.basis === 'run-option',
      caseId: line.entry.caseId,
      unit: line.unitNumber,
      session: line.session?.ordinal ?? null,
    })),
    units: s.units.map((u) => ({
      number: u.number,
      caseId: u.caseId,
      firstDate: u.first.date,
      role: u.role,
      paidMinutes: u.paidMinutes,
      roundedMinutes: u.roundedMinutes,
      coveredMinutes: u.coveredMinutes,
      chargedMinutes: u.chargedMinutes,
      ratePerHour: u.ratePerHour,
      amount: u.amount,
    })),
    packageFee: s.packageFee,
    topUpFee: s.topUpFee,
    topUpAdvice: args.topUpAdvice,
    workedMinutes: s.workedMinutes,
    freeMinutes: s.freeMinutes,
    chargedMinutes: s.chargedMinutes,
    workAmount: s.workAmount,
    totalAmount: s.totalAmount,
  };
}

/** The document's date: the month's last day, so that the same month renders the same bytes whenever it is run. */
export function documentDate(month: string): string {
  return lastDayOfMonth(month);
}
