import type { ClassifiedEntry } from './classify.js';
import type { PricedUnit } from './price-units.js';
import type { SessionUse } from './sessions.js';
import type { BillingMonth, Haler, Minutes, Tier } from './types.js';

/** An entry as it appears on the statement: its class, free/paid split and the unit its paid minutes joined. */
export interface StatementLine extends ClassifiedEntry {
  /** The unit's number in the draw-down order; null when no minute of the entry is paid. */
  unitNumber: number | null;
}

/** Figures that add up across customers; the summary row of a statement and the month's totals. */
export interface StatementFigures {
  packageFee: Haler;
  topUpBlocks: number;
  topUpFee: Haler;
  includedMinutes: Minutes;
  /** All minutes of the month's entries. */
  workedMinutes: Minutes;
  /** FREE minutes plus the free part of sessions. */
  freeMinutes: Minutes;
  /** The sum of rounded units (R4). */
  billableMinutes: Minutes;
  /** Drawn from the included minutes (R5). */
  coveredMinutes: Minutes;
  /** billable − covered. */
  chargedMinutes: Minutes;
  /** The price of the charged minutes: the sum of the units' amounts. */
  workAmount: Haler;
  /** packageFee + topUpFee + workAmount. */
  totalAmount: Haler;
}

/** One customer's bill for one month (R11): computed once, rendered as text, CSV and JSON. */
export interface Statement extends StatementFigures {
  month: BillingMonth;
  customer: string;
  name: string;
  tier: Tier;
  /** Included minutes not used this month; they expire (R5). */
  leftMinutes: Minutes;
  /** Entries by date, start time, entry id (R13). */
  lines: StatementLine[];
  /** Units in draw-down order. */
  units: PricedUnit[];
  /** Development-consultation sessions of the month (R6). */
  sessions: SessionUse[];
  /** Sessions that count towards the yearly allowance, started this year up to the month's end (R6). */
  sessionsThisYear: number;
}

export const FIGURE_KEYS = [
  'packageFee',
  'topUpBlocks',
  'topUpFee',
  'includedMinutes',
  'workedMinutes',
  'freeMinutes',
  'billableMinutes',
  'coveredMinutes',
  'chargedMinutes',
  'workAmount',
  'totalAmount',
] as const satisfies readonly (keyof StatementFigures)[];

/** Add up the figures of several statements (the summary's totals row). */
export function sumFigures(statements: readonly StatementFigures[]): StatementFigures {
  const totals = Object.fromEntries(FIGURE_KEYS.map((key) => [key, 0])) as unknown as StatementFigures;
  for (const statement of statements) {
    for (const key of FIGURE_KEYS) totals[key] += statement[key];
  }
  return totals;
}

/**
 * R7, R11: assemble one customer's statement from its classified lines and priced units.
 * The package fee is due every month for a paying tier, even with no work (R7); top-up blocks are paid
 * whether used or not (R8).
 */
export function buildStatement(args: {
  month: BillingMonth;
  customer: string;
  name: string;
  tier: Tier;
  packageFee: Haler;
  topUpBlocks: number;
  topUpFee: Haler;
  includedMinutes: Minutes;
  lines: readonly ClassifiedEntry[];
  units: readonly PricedUnit[];
  sessions: readonly SessionUse[];
  sessionsThisYear: number;
}): Statement {
  const unitOf = new Map<string, number>();
  for (const unit of args.units) for (const id of unit.entryIds) unitOf.set(id, unit.number);
  // Fields listed rather than spread: every line gets one object shape, whichever step made it (a spread of
  // lines of mixed shapes was a tenth of the billing time of a million entries).
  const lines = args.lines.map(
    (line): StatementLine => ({
      entry: line.entry,
      activity: line.activity,
      class: line.class,
      basis: line.basis,
      role: line.role,
      freeMinutes: line.freeMinutes,
      paidMinutes: line.paidMinutes,
      session: line.session,
      late: line.late,
      note: line.note,
      unitNumber: unitOf.get(line.entry.id) ?? null,
    }),
  );

  const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
  const billableMinutes = sum(args.units, (u) => u.roundedMinutes);
  const coveredMinutes = sum(args.units, (u) => u.coveredMinutes);
  const workAmount = sum(args.units, (u) => u.amount);
  return {
    month: args.month,
    customer: args.customer,
    name: args.name,
    tier: args.tier,
    packageFee: args.packageFee,
    topUpBlocks: args.topUpBlocks,
    topUpFee: args.topUpFee,
    includedMinutes: args.includedMinutes,
    leftMinutes: args.includedMinutes - coveredMinutes,
    workedMinutes: sum(lines, (l) => l.entry.minutes),
    freeMinutes: sum(lines, (l) => l.freeMinutes),
    billableMinutes,
    coveredMinutes,
    chargedMinutes: billableMinutes - coveredMinutes,
    workAmount,
    totalAmount: args.packageFee + args.topUpFee + workAmount,
    lines,
    units: [...args.units],
    sessions: [...args.sessions],
    sessionsThisYear: args.sessionsThisYear,
  };
}
