// Domain types of the billing core. Minutes and haléře are integers (R10); dates are ISO strings
// (`YYYY-MM-DD`) that sort correctly as text, so the core needs no date library and no clock.

/** A whole number of minutes. */
export type Minutes = number;
/** A whole number of haléře (1/100 CZK). */
export type Haler = number;
/** A calendar date in Europe/Prague, `YYYY-MM-DD`. */
export type IsoDate = string;
/** A wall-clock time in Europe/Prague, `HH:mm`. */
export type ClockTime = string;
/** A billing month, `YYYY-MM` (R1 terms). */
export type BillingMonth = string;

export const ROLES = ['technician', 'consultant'] as const;
export type Role = (typeof ROLES)[number];

export const TIERS = ['NONE', 'STANDARD', 'PLUS', 'VIP'] as const;
export type Tier = (typeof TIERS)[number];

export type Cause = 'customer' | 'ipex';

/** Where a value came from: every parsed record remembers its file and line. */
export interface Source {
  file: string;
  line: number;
  column?: string;
}

/** One row of the work log: one piece of work, on one case, by one person. */
export interface Entry {
  id: string;
  /** null: the entry is a case of its own. */
  caseId: string | null;
  customer: string;
  date: IsoDate;
  start: ClockTime | null;
  end: ClockTime | null;
  minutes: Minutes;
  technician: string;
  /** null: the activity's default role applies (R3). */
  role: Role | null;
  /** null: no activity written. */
  activity: string | null;
  cause: Cause | null;
  /** Manual override of the catalogue (R1); null when not given. */
  billable: boolean | null;
  description: string;
  source: Source;
}

/** The languages a customer's statement document is written in (R11: Czech unless marked for English). */
export const LANGUAGES = ['cs', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One row of the customer file; several rows per customer describe tier changes (R9). */
export interface CustomerRow {
  customer: string;
  name: string;
  tier: Tier;
  /** null: valid since always. */
  validFrom: IsoDate | null;
  /** What the customer's statement document shows of it (R11), where the file has it; billing ignores them. */
  address?: string | null;
  ico?: string | null;
  dic?: string | null;
  /** null: Czech. */
  language?: Language | null;
  /** The technician or consultant assigned to a PLUS or VIP customer. */
  contact?: string | null;
  source: Source;
}

/** Top-up blocks a customer bought for one month (R8). */
export interface TopUp {
  customer: string;
  month: BillingMonth;
  blocks: number;
  source: Source;
}
