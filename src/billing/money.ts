import type { Haler, Minutes } from './types.js';

/**
 * Price `minutes` at an hourly rate given in haléře (R3, R10).
 * The one division in money: minutes × rate / 60, rounded half up to a whole haléř. With the default
 * rates and 15-minute steps the division is always exact; the rounding only matters for price lists
 * whose rate is not divisible by 60 haléře per minute.
 */
export function priceMinutes(minutes: Minutes, ratePerHour: Haler): Haler {
  assertWhole(minutes, 'minutes');
  assertWhole(ratePerHour, 'rate');
  return Math.floor((minutes * ratePerHour + 30) / 60);
}

/** Whole koruny to haléře. */
export function czk(koruny: number): Haler {
  return koruny * 100;
}

function assertWhole(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`internal: ${what} must be a non-negative whole number, got ${value}`);
  }
}
