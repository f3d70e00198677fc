import type { DrawnUnit } from './draw-down.js';
import { priceMinutes } from './money.js';
import type { PriceList } from './price-list.js';
import type { Haler } from './types.js';

export interface PricedUnit extends DrawnUnit {
  ratePerHour: Haler;
  amount: Haler;
}

/** R3, R10: the charged minutes of each unit at its role's hourly rate, exactly, in haléře. */
export function priceUnits(units: readonly DrawnUnit[], priceList: PriceList): PricedUnit[] {
  return units.map((unit) => {
    const ratePerHour = priceList.hourlyRates[unit.role];
    return { ...unit, ratePerHour, amount: priceMinutes(unit.chargedMinutes, ratePerHour) };
  });
}
