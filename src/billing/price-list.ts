import { DEFAULT_KEYWORDS, type KeywordRule } from './keywords.js';
import { czk } from './money.js';
import type { Haler, Minutes, Role, Tier } from './types.js';

/**
 * How the catalogue treats an activity (R1):
 * FREE / PAID outright, BY_CAUSE for diagnostics (R2), SESSION for VIP development consultations (R6).
 */
export type CatalogueClass = 'FREE' | 'PAID' | 'BY_CAUSE' | 'SESSION';

export interface CatalogueItem {
  class: CatalogueClass;
  /** The role whose rate applies when the entry names none (R3). */
  role: Role;
}

/** Everything the policy leaves to "the current price list". All money in haléře, all time in minutes. */
export interface PriceList {
  /** R4: paid minutes of a unit are rounded up to a multiple of this. */
  stepMinutes: Minutes;
  /** R3: price of one hour of work per role. */
  hourlyRates: Record<Role, Haler>;
  /** R5, R7: monthly fee and included minutes per tier; the guaranteed response time (null: not guaranteed). */
  tiers: Record<Tier, { monthlyFee: Haler; includedMinutes: Minutes; responseHours: number | null }>;
  /** R8: what one top-up block costs and adds, and which tiers may buy it. */
  topUp: { price: Haler; minutes: Minutes; tiers: Tier[] };
  /** R6: free development-consultation sessions. */
  sessions: { tiers: Tier[]; perYear: number; freeMinutes: Minutes };
  /** R1: activity code → treatment. */
  catalogue: Record<string, CatalogueItem>;
  /** Activity codes for entries without one, from words of their description (issue 3), tried in order. */
  keywords: readonly KeywordRule[];
}

const technician = 'technician' as const;
const consultant = 'consultant' as const;

/** The defaults of the billing rules (R1, R3–R8); a config file may override any part. */
export const DEFAULT_PRICE_LIST: PriceList = {
  keywords: DEFAULT_KEYWORDS,
  stepMinutes: 15,
  hourlyRates: { technician: czk(1000), consultant: czk(1500) },
  tiers: {
    NONE: { monthlyFee: czk(0), includedMinutes: 0, responseHours: null },
    STANDARD: { monthlyFee: czk(950), includedMinutes: 60, responseHours: 24 },
    PLUS: { monthlyFee: czk(2500), includedMinutes: 180, responseHours: 8 },
    VIP: { monthlyFee: czk(5000), includedMinutes: 360, responseHours: 4 },
  },
  topUp: { price: czk(3800), minutes: 240, tiers: ['VIP'] },
  sessions: { tiers: ['VIP'], perYear: 4, freeMinutes: 120 },
  catalogue: {
    'billing-question': { class: 'FREE', role: technician },
    'sales-question': { class: 'FREE', role: technician },
    'service-offer': { class: 'FREE', role: technician },
    'service-question': { class: 'FREE', role: technician },
    outage: { class: 'FREE', role: technician },
    termination: { class: 'FREE', role: technician },
    'basic-diagnostics': { class: 'FREE', role: technician },
    diagnostics: { class: 'BY_CAUSE', role: technician },
    'advanced-diagnostics': { class: 'PAID', role: technician },
    configuration: { class: 'PAID', role: technician },
    'user-support': { class: 'PAID', role: technician },
    training: { class: 'PAID', role: technician },
    consultation: { class: 'PAID', role: consultant },
    project: { class: 'PAID', role: consultant },
    'development-consultation': { class: 'SESSION', role: consultant },
  },
};

/** The catalogue item of an activity code; own properties only, so "constructor" is not an activity. */
export function catalogueItem(priceList: PriceList, activity: string | null): CatalogueItem | undefined {
  if (activity === null || !Object.hasOwn(priceList.catalogue, activity)) return undefined;
  return priceList.catalogue[activity];
}
