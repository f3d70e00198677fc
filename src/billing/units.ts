import { caseKeyOf } from './cases.js';
import type { ClassifiedEntry } from './classify.js';
import { compareChronologically, compareText } from './compare.js';
import type { Entry, Minutes, Role } from './types.js';

/** The rounding unit: all PAID minutes of one case done by one role within the billing month (R4). */
export interface Unit {
  customer: string;
  caseId: string | null;
  role: Role;
  /** The unit's earliest entry: it decides the unit's place in the draw-down (R5). */
  first: Entry;
  entryIds: string[];
  paidMinutes: Minutes;
  roundedMinutes: Minutes;
}

/** R4: round up to the next multiple of the step ("billed in 15-minute steps for each individual case"). */
export function roundUpToStep(minutes: Minutes, stepMinutes: Minutes): Minutes {
  return Math.ceil(minutes / stepMinutes) * stepMinutes;
}

/**
 * R4: sum the paid minutes of every case × role and round each sum up once, so three 5-minute calls on one
 * case bill 15 minutes, not 45. FREE minutes never enter a unit. Units come out in chronological order of
 * their first entry.
 */
export function roundUnits(lines: readonly ClassifiedEntry[], stepMinutes: Minutes): Unit[] {
  const byKey = new Map<string, Unit>();
  for (const line of lines) {
    if (line.paidMinutes === 0) continue;
    const key = `${caseKeyOf(line.entry)}\u0000${line.role}`;
    const unit = byKey.get(key) ?? {
      customer: line.entry.customer,
      caseId: line.entry.caseId,
      role: line.role,
      first: line.entry,
      entryIds: [],
      paidMinutes: 0,
      roundedMinutes: 0,
    };
    if (compareChronologically(line.entry, unit.first) < 0) unit.first = line.entry;
    unit.entryIds.push(line.entry.id);
    unit.paidMinutes += line.paidMinutes;
    byKey.set(key, unit);
  }
  const units = [...byKey.values()];
  for (const unit of units) {
    unit.roundedMinutes = roundUpToStep(unit.paidMinutes, stepMinutes);
    unit.entryIds.sort(compareText);
  }
  return units.sort(
    (a, b) => compareChronologically(a.first, b.first) || compareText(a.role, b.role),
  );
}
