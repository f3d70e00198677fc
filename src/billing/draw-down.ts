import type { Unit } from './units.js';
import type { Minutes } from './types.js';

export interface DrawnUnit extends Unit {
  /** 1-based position in the customer's draw-down order; `lines.csv` and `units.csv` join on it. */
  number: number;
  coveredMinutes: Minutes;
  chargedMinutes: Minutes;
}

/**
 * R5: one customer's rounded units draw on the month's included minutes in the order of their first entry
 * (date, start, entry id). A unit larger than what is left is split into a covered and a charged part.
 * What is left at month end expires, so nothing carries over.
 *
 * `units` must be one customer's units in chronological order (as `roundUnits` returns them).
 */
export function drawDownIncluded(
  units: readonly Unit[],
  includedMinutes: Minutes,
): { units: DrawnUnit[]; coveredMinutes: Minutes; leftMinutes: Minutes } {
  let left = includedMinutes;
  const drawn = units.map((unit, index) => {
    const covered = Math.min(left, unit.roundedMinutes);
    left -= covered;
    const drawnUnit: DrawnUnit = {
      customer: unit.customer,
      caseId: unit.caseId,
      role: unit.role,
      first: unit.first,
      entryIds: unit.entryIds,
      paidMinutes: unit.paidMinutes,
      roundedMinutes: unit.roundedMinutes,
      number: index + 1,
      coveredMinutes: covered,
      chargedMinutes: unit.roundedMinutes - covered,
    };
    return drawnUnit;
  });
  return { units: drawn, coveredMinutes: includedMinutes - left, leftMinutes: left };
}
