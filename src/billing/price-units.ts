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
    // Each field by name rather than `{ ...unit }`: in profiles of a 1M month the spread cost more than
    // rounding the units, and the sums read from its copies were slower too; written out, neither shows.
    return {
      customer: unit.customer,
      caseId: unit.caseId,
      role: unit.role,
      first: unit.first,
      entryIds: unit.entryIds,
      paidMinutes: unit.paidMinutes,
      roundedMinutes: unit.roundedMinutes,
      number: unit.number,
      coveredMinutes: unit.coveredMinutes,
      chargedMinutes: unit.chargedMinutes,
      ratePerHour,
      amount: priceMinutes(unit.chargedMinutes, ratePerHour),
    };
  });
}
