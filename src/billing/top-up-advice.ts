import { drawDownIncluded } from './draw-down.js';
import type { PriceList } from './price-list.js';
import { priceUnits } from './price-units.js';
import type { Statement } from './statement.js';
import type { Haler, Minutes } from './types.js';

/** One more top-up block this month, and what it would have saved (issue 16, R8). */
export interface TopUpAdvice {
  /** What the block costs and adds (R8). */
  price: Haler;
  minutes: Minutes;
  /** The work charged beyond the package, less the work still charged with the block and the block's price. */
  saving: Haler;
}

/**
 * R8: for a customer whose tier may buy top-ups, whether one more block this month would have cost less than
 * the work charged beyond the package: the same units drawn down again (R5) with the block's minutes included,
 * priced (R3), plus the block. Null when it would not have saved anything.
 */
export function topUpAdvice(statement: Statement, priceList: PriceList): TopUpAdvice | null {
  const { topUp } = priceList;
  if (!topUp.tiers.includes(statement.tier) || statement.chargedMinutes === 0) return null;
  const redrawn = drawDownIncluded(statement.units, statement.includedMinutes + topUp.minutes);
  const stillCharged = priceUnits(redrawn.units, priceList).reduce((sum, unit) => sum + unit.amount, 0);
  const saving = statement.workAmount - (stillCharged + topUp.price);
  return saving > 0 ? { price: topUp.price, minutes: topUp.minutes, saving } : null;
}
