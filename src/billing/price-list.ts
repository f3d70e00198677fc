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
  /**
   * What the activity is called on statements, per language (R1's table, R11); also accepted in the work log
   * and the review file, as are `aliases` (short forms). An activity the config adds without names is shown
   * by its code.
   */
  names?: { cs: string; en: string };
  aliases?: readonly string[];
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
    'billing-question': { class: 'FREE', role: technician, names: { cs: 'dotaz na cenu a vyúčtování', en: 'question about prices and billing' } },
    'sales-question': { class: 'FREE', role: technician, names: { cs: 'obchodní dotaz', en: 'sales question' } },
    'service-offer': { class: 'FREE', role: technician, names: { cs: 'nabídka nových služeb', en: 'offer of new services' } },
    'service-question': { class: 'FREE', role: technician, names: { cs: 'dotaz na funkčnost služeb', en: 'question about how the services work' } },
    outage: { class: 'FREE', role: technician, names: { cs: 'výpadek nebo odstávka na straně IPEX', en: "outage or shutdown on IPEX's side" }, aliases: ['výpadek', 'odstávka'] },
    termination: { class: 'FREE', role: technician, names: { cs: 'ukončení služby', en: 'termination of a service' } },
    'basic-diagnostics': { class: 'FREE', role: technician, names: { cs: 'základní diagnostika', en: 'basic diagnostics' } },
    diagnostics: { class: 'BY_CAUSE', role: technician, names: { cs: 'diagnostika', en: 'diagnostics' } },
    'advanced-diagnostics': { class: 'PAID', role: technician, names: { cs: 'pokročilá diagnostika', en: 'advanced diagnostics' } },
    configuration: { class: 'PAID', role: technician, names: { cs: 'implementace a konfigurace', en: 'implementation and configuration' }, aliases: ['konfigurace', 'implementace'] },
    'user-support': { class: 'PAID', role: technician, names: { cs: 'podpora uživatelů', en: 'user support' } },
    training: { class: 'PAID', role: technician, names: { cs: 'školení', en: 'training' } },
    consultation: { class: 'PAID', role: consultant, names: { cs: 'konzultace', en: 'consultation' } },
    project: { class: 'PAID', role: consultant, names: { cs: 'projekty a studie nasazení', en: 'projects and deployment studies' }, aliases: ['projekt', 'studie'] },
    'development-consultation': { class: 'SESSION', role: consultant, names: { cs: 'konzultace k rozvoji systému', en: 'consultation on system development' } },
  },
};

/** The catalogue item of an activity as written (its code, name or short form, R1); undefined when unknown. */
export function catalogueItem(priceList: PriceList, activity: string | null): CatalogueItem | undefined {
  const code = activityCode(priceList, activity);
  return code === null ? undefined : priceList.catalogue[code];
}

/**
 * R1: the catalogue code of an activity as written: the code itself, or an activity's Czech or English name or
 * short form, ignoring case and diacritics ("Pokročilá diagnostika", "skoleni"); null when none matches. Own
 * properties only, so "constructor" is not an activity.
 */
export function activityCode(priceList: PriceList, activity: string | null): string | null {
  if (activity === null) return null;
  if (Object.hasOwn(priceList.catalogue, activity)) return activity;
  return namesOf(priceList).get(activity) ?? null;
}

/** Names and short forms → code, and every spelling seen so far (a log repeats a few values a million times). */
const nameIndexes = new WeakMap<PriceList['catalogue'], Map<string, string | null>>();

function namesOf(priceList: PriceList): { get(written: string): string | null | undefined } {
  let index = nameIndexes.get(priceList.catalogue);
  if (index === undefined) {
    index = new Map();
    for (const [code, item] of Object.entries(priceList.catalogue)) {
      for (const name of [code, item.names?.cs, item.names?.en, ...(item.aliases ?? [])]) {
        if (name !== undefined && !index.has(comparable(name))) index.set(comparable(name), code);
      }
    }
    nameIndexes.set(priceList.catalogue, index);
  }
  const known = index;
  return {
    get(written) {
      let code = known.get(written);
      if (code === undefined) {
        code = known.get(comparable(written)) ?? null;
        known.set(written, code);
      }
      return code;
    },
  };
}

/** Lower case, no diacritics, single spaces: how activity names are compared. */
function comparable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}
