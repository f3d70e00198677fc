import { caseKeyOf } from './cases.js';
import type { Checked, Issue } from './issue.js';
import { monthEndBound } from './month.js';
import { activityCode, catalogueItem, type PriceList } from './price-list.js';
import { closestMatch } from './suggest.js';
import type { BillingMonth, Cause, Entry, Minutes, Role } from './types.js';

/** FREE and PAID as the policy says; SESSION: a VIP development consultation within its free allowance (R6). */
export type LineClass = 'FREE' | 'PAID' | 'SESSION';

/**
 * Why an entry got its class: the activity catalogue, the case's cause (R2), a manual `billable` value on the
 * entry (R1), the clerk's `--treat-unresolved` choice for this run, an activity found by a keyword of the
 * description, or the clerk's decision from the review queue (`--decisions`).
 */
export type Basis = 'catalogue' | 'cause' | 'manual' | 'run-option' | 'keyword' | 'decision';

/** Where an entry stands among the customer's development-consultation sessions of the year (R6). */
export interface SessionRef {
  /** 1-based position among the sessions started in the calendar year. */
  ordinal: number;
  /** The first day of the session (its first entry). */
  startedOn: string;
}

/** An entry of the billing month with its class and how its minutes split into free and paid. */
export interface ClassifiedEntry {
  entry: Entry;
  /** The activity the class comes from: the entry's own, or one a keyword or a decision gave it. */
  activity: string | null;
  class: LineClass;
  basis: Basis;
  /** The role whose rate prices the paid minutes (R3). */
  role: Role;
  freeMinutes: Minutes;
  paidMinutes: Minutes;
  session: SessionRef | null;
  /** Dated in a month already closed, which did not bill it: billed in this month with its own date (R14). */
  late: boolean;
  /** Human explanation for the statement when the class is not plain catalogue (cause, session position…). */
  note: string;
}

/** How the clerk told this run to treat entries the rules cannot classify (R1); null: stop and list them. */
export type UnresolvedTreatment = 'free' | 'paid' | null;

/**
 * R2: a case's cause, from every entry of the case dated up to the end of the billing month (earlier months
 * included). Returns case key → cause → the first entry that says so (for error messages).
 */
export function collectCaseCauses(entries: readonly Entry[], month: BillingMonth): Map<string, Map<Cause, Entry>> {
  const lastDay = monthEndBound(month);
  const causes = new Map<string, Map<Cause, Entry>>();
  for (const entry of entries) {
    if (entry.cause === null || entry.date > lastDay) continue;
    const key = caseKeyOf(entry);
    const byCause = causes.get(key) ?? new Map<Cause, Entry>();
    if (!byCause.has(entry.cause)) byCause.set(entry.cause, entry);
    causes.set(key, byCause);
  }
  return causes;
}

/**
 * R1 and R2: classify the entries of the billing month. Development consultations come out as SESSION with
 * all minutes free; `applySessionAllowance` (R6) then decides how much of that stays free.
 * Entries that cannot be classified are returned as `unresolved` issues unless `treatment` says otherwise.
 */
export function classifyEntries(
  monthEntries: readonly Entry[],
  caseCauses: ReadonlyMap<string, ReadonlyMap<Cause, Entry>>,
  priceList: PriceList,
  treatment: UnresolvedTreatment,
): Checked<ClassifiedEntry[]> {
  const classified: ClassifiedEntry[] = [];
  const issues: Issue[] = [];
  for (const entry of monthEntries) {
    const outcome = classifyEntry(entry, caseCauses, priceList);
    if ('line' in outcome) {
      // A name or short form written in the log bills as its code (R1); statements show the catalogue's names.
      outcome.line.activity = activityCode(priceList, entry.activity) ?? entry.activity;
      classified.push(outcome.line);
    } else if (treatment === null) {
      issues.push(outcome.issue);
    } else {
      const role = entry.role ?? catalogueItem(priceList, entry.activity)?.role ?? 'technician';
      classified.push(line(entry, treatment === 'free' ? 'FREE' : 'PAID', 'run-option', role, `unresolved: ${outcome.reason}`));
    }
  }
  return { value: classified, issues };
}

type Outcome = { line: ClassifiedEntry } | { issue: Issue; reason: string };

function classifyEntry(
  entry: Entry,
  caseCauses: ReadonlyMap<string, ReadonlyMap<Cause, Entry>>,
  priceList: PriceList,
): Outcome {
  const item = catalogueItem(priceList, entry.activity);
  const role = entry.role ?? item?.role ?? null;

  // R1: an explicit billable value overrides the catalogue and is marked as a manual decision.
  if (entry.billable === false) {
    return { line: line(entry, 'FREE', 'manual', role ?? 'technician', 'billable=no on the entry') };
  }
  if (entry.billable === true) {
    if (role === null) {
      return unresolved(entry, 'unresolved-role', 'role',
        `entry ${entry.id} is marked billable but has no role and its activity "${entry.activity ?? ''}" is not in the catalogue, so its rate is unknown`,
        'billable without a role');
    }
    return { line: line(entry, 'PAID', 'manual', role, 'billable=yes on the entry') };
  }

  if (!item || role === null) {
    const why = entry.activity === null ? 'has no activity, and no keyword of its description gives one' : `has an activity "${entry.activity}" that is not in the catalogue`;
    const near = entry.activity === null ? null : nearestActivity(priceList, entry.activity);
    const what = near === null ? '; set a known activity or billable=yes/no' : `; did you mean ${near}? Else set a known activity or billable=yes/no`;
    return unresolved(entry, 'unresolved-activity', 'activity', `entry ${entry.id} ${why}${what}`, why);
  }

  switch (item.class) {
    case 'FREE':
      return { line: line(entry, 'FREE', 'catalogue', role, '') };
    case 'PAID':
      return { line: line(entry, 'PAID', 'catalogue', role, '') };
    case 'SESSION':
      return { line: line(entry, 'SESSION', 'catalogue', role, '') };
    case 'BY_CAUSE':
      return classifyByCause(entry, role, caseCauses.get(caseKeyOf(entry)));
  }
}

/** R2: diagnostics are PAID when the case's cause is the customer, FREE when it is IPEX. */
function classifyByCause(entry: Entry, role: Role, causes: ReadonlyMap<Cause, Entry> | undefined): Outcome {
  const caseLabel = entry.caseId === null ? `entry ${entry.id} (no case)` : `case ${entry.caseId}`;
  if (!causes || causes.size === 0) {
    return unresolved(entry, 'unresolved-cause', 'cause',
      `diagnostics entry ${entry.id}: no entry of ${caseLabel} says whose side the cause was on; write cause=customer or cause=ipex on one of them`,
      'diagnostics without a cause');
  }
  if (causes.size > 1) {
    const where = [...causes.entries()].map(([cause, e]) => `${cause} on entry ${e.id} (${e.source.file}:${e.source.line})`).join(', ');
    return unresolved(entry, 'conflicting-cause', 'cause',
      `diagnostics entry ${entry.id}: the entries of ${caseLabel} disagree about the cause: ${where}`,
      'conflicting causes');
  }
  const [cause] = [...causes.keys()];
  return cause === 'customer'
    ? { line: line(entry, 'PAID', 'cause', role, 'cause on the customer\u2019s side') }
    : { line: line(entry, 'FREE', 'cause', role, 'cause on IPEX\u2019s side') };
}

/** A catalogue activity a mistyped one is most likely meant to be, as `code ("Czech name")`; null when none is near. */
export function nearestActivity(priceList: PriceList, written: string): string | null {
  let known = nearestByCatalogue.get(priceList.catalogue);
  if (known === undefined) nearestByCatalogue.set(priceList.catalogue, (known = new Map()));
  let found = known.get(written);
  if (found === undefined) known.set(written, (found = findNearestActivity(priceList, written)));
  return found;
}

/** A log repeats its mistyped activity on many rows: each spelling is looked up once per catalogue. */
const nearestByCatalogue = new WeakMap<PriceList['catalogue'], Map<string, string | null>>();

function findNearestActivity(priceList: PriceList, written: string): string | null {
  const spellings = new Map<string, string>();
  for (const [code, item] of Object.entries(priceList.catalogue)) {
    for (const name of [code, item.names?.cs, item.names?.en, ...(item.aliases ?? [])]) if (name !== undefined && !spellings.has(name)) spellings.set(name, code);
  }
  const near = closestMatch(written, [...spellings.keys()]);
  if (near === null) return null;
  const code = spellings.get(near)!;
  const czech = priceList.catalogue[code]!.names?.cs;
  return czech === undefined ? code : `${code} ("${czech}")`;
}

function line(entry: Entry, lineClass: LineClass, basis: Basis, role: Role, note: string): ClassifiedEntry {
  const paid = lineClass === 'PAID';
  return {
    entry,
    activity: entry.activity,
    class: lineClass,
    basis,
    role,
    freeMinutes: paid ? 0 : entry.minutes,
    paidMinutes: paid ? entry.minutes : 0,
    session: null,
    late: false,
    note,
  };
}

function unresolved(entry: Entry, code: Issue['code'], column: string, message: string, reason: string): Outcome {
  return {
    issue: { code, message, source: { ...entry.source, column }, value: String(entry[column as keyof Entry] ?? ''), entryId: entry.id },
    reason,
  };
}
