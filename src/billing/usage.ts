import { compareText } from './compare.js';
import type { PriceList } from './price-list.js';
import type { Statement } from './statement.js';
import type { Haler, IsoDate, Minutes, Role, Tier } from './types.js';
import type { StatementDocument } from '../formats/statement-document.js';
import { topUpAdvice, type TopUpAdvice } from './top-up-advice.js';

/**
 * What ops tell a customer who asks "how many hours have we used this month?" (R12). It is read off the very
 * statement `run` would produce for the same entries, so the two can never disagree.
 */
export interface CustomerUsage {
  customer: string;
  name: string;
  tier: Tier;
  /** Guaranteed response time of the tier; null: not guaranteed. */
  responseHours: number | null;
  includedMinutes: Minutes;
  topUpBlocks: number;
  /** Included minutes used so far (covered by the package). */
  usedMinutes: Minutes;
  leftMinutes: Minutes;
  /** Paid minutes beyond the package so far, and their price. */
  chargedMinutes: Minutes;
  chargedAmount: Haler;
  workedMinutes: Minutes;
  freeMinutes: Minutes;
  /** VIP development-consultation sessions this year (R6); null for tiers without sessions. */
  sessions: { used: number; perYear: number; left: number } | null;
  /** What one more top-up block would have saved this month so far (R8, issue 16); null: nothing. */
  topUpAdvice: TopUpAdvice | null;
  /** Units so far, in draw-down order. */
  units: { number: number; caseId: string | null; role: Role; firstDate: IsoDate; roundedMinutes: Minutes; coveredMinutes: Minutes; chargedMinutes: Minutes; amount: Haler }[];
}

export function describeUsage(statement: Statement, priceList: PriceList): CustomerUsage {
  const perYear = priceList.sessions.perYear;
  const hasSessions = priceList.sessions.tiers.includes(statement.tier);
  return {
    customer: statement.customer,
    name: statement.name,
    tier: statement.tier,
    responseHours: priceList.tiers[statement.tier].responseHours,
    includedMinutes: statement.includedMinutes,
    topUpBlocks: statement.topUpBlocks,
    usedMinutes: statement.coveredMinutes,
    leftMinutes: statement.leftMinutes,
    chargedMinutes: statement.chargedMinutes,
    chargedAmount: statement.workAmount,
    workedMinutes: statement.workedMinutes,
    freeMinutes: statement.freeMinutes,
    sessions: hasSessions
      ? { used: Math.min(statement.sessionsThisYear, perYear), perYear, left: Math.max(0, perYear - statement.sessionsThisYear) }
      : null,
    topUpAdvice: topUpAdvice(statement, priceList),
    units: statement.units.map((u) => ({
      number: u.number,
      caseId: u.caseId,
      role: u.role,
      firstDate: u.first.date,
      roundedMinutes: u.roundedMinutes,
      coveredMinutes: u.coveredMinutes,
      chargedMinutes: u.chargedMinutes,
      amount: u.amount,
    })),
  };
}

/**
 * What a closed month billed a customer, from its statement document: the figures of the version in force,
 * which the invoice has (issue 16), rather than what today's log would bill.
 */
export function usageOfDocument(d: StatementDocument): CustomerUsage {
  return {
    customer: d.customer.id,
    name: d.customer.name,
    tier: d.tier,
    responseHours: d.responseHours,
    includedMinutes: d.includedMinutes,
    topUpBlocks: d.topUpBlocks,
    usedMinutes: d.coveredMinutes,
    leftMinutes: d.leftMinutes,
    chargedMinutes: d.chargedMinutes,
    chargedAmount: d.workAmount,
    workedMinutes: d.workedMinutes,
    freeMinutes: d.freeMinutes,
    sessions: d.sessions ? { used: Math.min(d.sessions.usedThisYear, d.sessions.perYear), perYear: d.sessions.perYear, left: Math.max(0, d.sessions.perYear - d.sessions.usedThisYear) } : null,
    topUpAdvice: d.topUpAdvice,
    units: d.units.map((u) => ({
      number: u.number,
      caseId: u.caseId,
      role: u.role,
      firstDate: u.firstDate,
      roundedMinutes: u.roundedMinutes,
      coveredMinutes: u.coveredMinutes,
      chargedMinutes: u.chargedMinutes,
      amount: u.amount,
    })),
  };
}

/** Whether two usages say the same about a customer's month (what an invoice would show). */
export function sameUsage(a: CustomerUsage, b: CustomerUsage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export type UsageOrder = 'customer' | 'left' | 'charged';

/** Order the `--all` table: by customer id, by minutes left (fewest first: who runs out next), or by charges. */
export function sortUsage(usages: readonly CustomerUsage[], order: UsageOrder): CustomerUsage[] {
  const byId = (a: CustomerUsage, b: CustomerUsage) => compareText(a.customer, b.customer);
  const sorted = [...usages];
  if (order === 'left') sorted.sort((a, b) => a.leftMinutes - b.leftMinutes || b.chargedAmount - a.chargedAmount || byId(a, b));
  else if (order === 'charged') sorted.sort((a, b) => b.chargedAmount - a.chargedAmount || byId(a, b));
  else sorted.sort(byId);
  return sorted;
}
