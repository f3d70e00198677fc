import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntrySets } from '../../src/billing/billed-once.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { CustomerRow, Entry } from '../../src/billing/types.js';
import { billEntries, customer, entry, lineOf, type BilledMonth, type ClosedMonth } from '../helpers/build.js';

// Closed months and late entries (R14: nothing billed twice, nothing lost; R6 across months).

const CUSTOMERS = [customer('C1', 'STANDARD')];

function billWith(month: string, entries: Entry[], closedMonths: ClosedMonth[], customers: CustomerRow[] = CUSTOMERS): BilledMonth {
  const result = billEntries({ month, entries, customers, topUps: [], treatUnresolved: null, closedMonths }, DEFAULT_PRICE_LIST);
  if (!result.value) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.value;
}

const idsOn = (bill: BilledMonth) => bill.statements.flatMap((s) => s.lines.map((l) => l.entry.id));
/** What a month folder's record (lines.csv) lists: every entry on its statements. */
const recordOf = (bill: BilledMonth): ClosedMonth => ({ month: bill.month, entries: bill.statements.flatMap((s) => s.lines.map((l) => l.entry)) });

describe('closed months (R14)', () => {
  const may = [entry({ id: 'M1', date: '2024-05-02' }), entry({ id: 'M2', date: '2024-05-20', caseId: 'T2' })];
  const closedMay = recordOf(billWith('2024-05', may, []));

  it('bills an entry dated in a closed month that the month did not bill in the next run, as a late entry with its own date', () => {
    const late = entry({ id: 'M3', date: '2024-05-30', caseId: 'T3', minutes: 20 });
    const june = billWith('2024-06', [...may, late, entry({ id: 'J1', date: '2024-06-03' })], [closedMay]);
    expect(idsOn(june)).toEqual(['M3', 'J1']);
    expect(lineOf(june.statements[0]!, 'M3')).toMatchObject({ late: true, entry: { date: '2024-05-30' }, paidMinutes: 20 });
    expect(lineOf(june.statements[0]!, 'M3').note).toBe('late entry: dated 2024-05-30, after 2024-05 was billed');
    expect(lineOf(june.statements[0]!, 'J1').late).toBe(false);
    expect(june.entryCounts).toEqual({ read: 4, month: 1, late: 1, alreadyBilled: 2, earlier: 0, later: 0 });
  });

  it('shows a late entry placed by a keyword as written, late and with the keyword named', () => {
    // R14 and issue 3 together: the line is billed as read (configuration, paid) and shown as written.
    const late = entry({ id: 'M3', date: '2024-05-30', caseId: 'T3', minutes: 20, activity: null, description: 'Změna IVR' });
    const line = lineOf(billWith('2024-06', [...may, late], [closedMay]).statements[0]!, 'M3');
    expect(line).toMatchObject({ late: true, basis: 'keyword', activity: 'configuration', class: 'PAID', paidMinutes: 20, entry: late });
    expect(line.note).toBe('late entry: dated 2024-05-30, after 2024-05 was billed; activity configuration from the description ("změna IVR")');
  });

  it('never bills again an entry a closed month billed, even when it was edited since, and reports the edit', () => {
    const edited = { ...may[0]!, minutes: 45 };
    const june = billWith('2024-06', [edited, may[1]!], [closedMay]);
    expect(idsOn(june)).toEqual([]);
    expect(june.alteredAfterBilling).toEqual([{ entry: edited, billedIn: '2024-05', changes: [{ field: 'minutes', before: 10, after: 45 }] }]);
  });

  it('reports entries edited after billing by customer and id, whatever the order of the log (R13)', () => {
    const customers = [customer('C1', 'STANDARD'), customer('C2', 'PLUS')];
    const billed = [entry({ id: 'B9', customer: 'C2', date: '2024-05-03' }), entry({ id: 'B2', customer: 'C1', date: '2024-05-04' }), entry({ id: 'B1', customer: 'C1', date: '2024-05-05' })];
    const closed = recordOf(billWith('2024-05', billed, [], customers));
    const edited = billed.map((e) => ({ ...e, minutes: 30 }));
    fc.assert(
      fc.property(fc.shuffledSubarray(edited, { minLength: edited.length }), (log) => {
        const june = billWith('2024-06', log, [closed], customers);
        expect(june.alteredAfterBilling.map((a) => `${a.entry.customer} ${a.entry.id}`)).toEqual(['C1 B1', 'C1 B2', 'C2 B9']);
      }),
    );
  });

  it('still knows from a closed month of the previous year where a session started and what caused a case (R6, R2)', () => {
    // Only the closed months' records know December: the January log no longer has it.
    const vip = [customer('C1', 'VIP')];
    const december = recordOf(
      billWith('2023-12', [
        entry({ id: 'O1', caseId: 'S-old', date: '2023-12-10', minutes: 60, activity: 'development-consultation' }),
        entry({ id: 'D1', caseId: 'T9', date: '2023-12-12', minutes: 30, activity: 'diagnostics', cause: 'ipex' }),
        entry({ id: 'X1', caseId: 'T1', date: '2023-12-14', minutes: 30, activity: 'configuration' }),
      ], [], vip),
    );
    const january = billWith('2024-01', [
      entry({ id: 'O2', caseId: 'S-old', date: '2024-01-05', minutes: 30, activity: 'development-consultation' }),
      entry({ id: 'N1', caseId: 'S-new', date: '2024-01-10', minutes: 60, activity: 'development-consultation' }),
      entry({ id: 'D2', caseId: 'T9', date: '2024-01-11', minutes: 20, activity: 'diagnostics' }),
    ], [december], vip);
    const s = january.statements[0]!;
    // The session of S-old started in 2023: not one of 2024's, and its January minutes are paid.
    expect(lineOf(s, 'O2')).toMatchObject({ class: 'PAID', paidMinutes: 30 });
    expect(lineOf(s, 'N1')).toMatchObject({ class: 'SESSION', freeMinutes: 60, session: { ordinal: 1 } });
    // T9's cause (ipex, written on its December entry) makes its January diagnostics free.
    expect(lineOf(s, 'D2')).toMatchObject({ class: 'FREE', freeMinutes: 20 });
  });

  it('treats earlier months that were never closed as before: counted, not billed', () => {
    const april = entry({ id: 'A1', date: '2024-04-10' });
    const june = billWith('2024-06', [april, ...may], [closedMay]);
    expect(idsOn(june)).toEqual([]);
    expect(june.entryCounts).toMatchObject({ earlier: 1, alreadyBilled: 2, late: 0 });
  });

  it('ignores the billing month\u2019s own record (a reissue bills from the log) but not a later month that billed one of its entries late', () => {
    const late = entry({ id: 'M3', date: '2024-05-30', caseId: 'T3' });
    const closedJune = recordOf(billWith('2024-06', [...may, late], [closedMay]));
    expect(closedJune.entries.map((e) => e.id)).toEqual(['M3']);
    const mayAgain = billWith('2024-05', [...may, late], [closedMay, closedJune]);
    expect(idsOn(mayAgain)).toEqual(['M1', 'M2']);
    expect(mayAgain.entryCounts).toMatchObject({ month: 2, alreadyBilled: 1 });
  });

  it('counts consultation sessions of closed months from their record when the log no longer has them (R6)', () => {
    const vip = [customer('C1', 'VIP')];
    const session = (id: string, date: string, caseId: string, minutes = 60) => entry({ id, date, caseId, minutes, activity: 'development-consultation', role: 'consultant' });
    const january = recordOf(billWith('2024-01', [session('S1', '2024-01-10', 'D1')], [], vip));
    const february = recordOf(billWith('2024-02', [session('S2', '2024-02-10', 'D2'), session('S3', '2024-02-20', 'D3')], [january], vip));
    const may5 = billWith('2024-05', [session('S4', '2024-05-06', 'D4', 150)], [january, february], vip);
    const line = lineOf(may5.statements[0]!, 'S4');
    expect(line.session?.ordinal).toBe(4);
    expect(line).toMatchObject({ freeMinutes: 120, paidMinutes: 30 });
    // Without the records, S4 would be the first session of the year.
    expect(lineOf(billWith('2024-05', [session('S4', '2024-05-06', 'D4', 150)], [], vip).statements[0]!, 'S4').session?.ordinal).toBe(1);
  });

  it('keeps the record of an earlier year whose case a record of this year continues, though the log has neither (R6)', () => {
    // D1 started in December 2023 and went on in January 2024; the March log has only a new session, D2.
    const vip = [customer('C1', 'VIP', '2023-01-01')];
    const session = (id: string, date: string, caseId: string) => entry({ id, date, caseId, minutes: 60, activity: 'development-consultation', role: 'consultant' });
    const december = recordOf(billWith('2023-12', [session('S1', '2023-12-10', 'D1')], [], vip));
    const january = recordOf(billWith('2024-01', [session('S2', '2024-01-08', 'D1')], [december], vip));
    const march = billWith('2024-03', [session('S3', '2024-03-05', 'D2')], [december, january], vip);
    // D1 is a session of 2023, so D2 is the first of 2024: its 60 minutes are free within its 120.
    expect(lineOf(march.statements[0]!, 'S3')).toMatchObject({ class: 'SESSION', freeMinutes: 60, session: { ordinal: 1 } });
    // Without December's record, D1 would look like a session started in January: D2 the second.
    expect(lineOf(billWith('2024-03', [session('S3', '2024-03-05', 'D2')], [january], vip).statements[0]!, 'S3').session?.ordinal).toBe(2);
  });

  it('counts a decision as unused when only a closed month’s record has its entry, not the log', () => {
    const april = recordOf(billWith('2024-04', [entry({ id: 'A1', date: '2024-04-10' })], []));
    const decision = (entryId: string, line: number) => ({ entryId, activity: 'configuration', cause: null, billable: null, source: { file: 'review.csv', line } });
    const may = billEntries(
      { month: '2024-05', entries: [entry({ id: 'M1', date: '2024-05-03' })], customers: CUSTOMERS, topUps: [], treatUnresolved: null, closedMonths: [april], decisions: [decision('A1', 2), decision('M1', 3)] },
      DEFAULT_PRICE_LIST,
    );
    expect(may.value?.unusedDecisions.map((d) => d.entryId)).toEqual(['A1']);
  });

  it('gives a late session entry what is left of its session’s free minutes in the month it is dated (R6)', () => {
    const vip = [customer('C1', 'VIP')];
    const session = (id: string, date: string, caseId: string, minutes: number) => entry({ id, date, caseId, minutes, activity: 'development-consultation', role: 'consultant' });
    const may = recordOf(billWith('2024-05', [session('S1', '2024-05-10', 'D1', 100)], [], vip));
    const late = [session('S2', '2024-05-20', 'D1', 50), session('S3', '2024-05-25', 'D2', 60)];
    const june = billWith('2024-06', [session('S1', '2024-05-10', 'D1', 100), ...late, session('S4', '2024-06-02', 'D1', 30)], [may], vip);
    const s = june.statements[0]!;
    // D1 used 100 of its 120 free minutes in May's bill: the late 50 get the other 20.
    expect(lineOf(s, 'S2')).toMatchObject({ late: true, freeMinutes: 20, paidMinutes: 30, session: { ordinal: 1 } });
    // D2 started late, in May: a session of May with its full 120 free.
    expect(lineOf(s, 'S3')).toMatchObject({ late: true, freeMinutes: 60, paidMinutes: 0, session: { ordinal: 2 } });
    // June's own minutes of D1 are past the session's month: paid.
    expect(lineOf(s, 'S4')).toMatchObject({ late: false, freeMinutes: 0, paidMinutes: 30 });
  });

  it('names the entries added, removed and altered between a closed month and a new run', () => {
    const before = [entry({ id: 'A' }), entry({ id: 'B' }), entry({ id: 'C', minutes: 10 })];
    const after = [entry({ id: 'B' }), entry({ id: 'C', minutes: 25, description: 'x' }), entry({ id: 'D' })];
    const changes = compareEntrySets(before, after);
    expect(changes.added.map((e) => e.id)).toEqual(['D']);
    expect(changes.removed.map((e) => e.id)).toEqual(['A']);
    expect(changes.altered.map((a) => [a.after.id, a.changes.map((c) => c.field)])).toEqual([['C', ['minutes', 'description']]]);
  });

  it('bills every entry exactly once over a run of closed months, however late each entry arrives (property)', () => {
    const months = ['2024-04', '2024-05', '2024-06', '2024-07'];
    const arbitrary = fc.array(
      fc.record({ dated: fc.integer({ min: 0, max: 3 }), delay: fc.integer({ min: 0, max: 3 }), minutes: fc.integer({ min: 1, max: 200 }), caseNo: fc.integer({ min: 1, max: 4 }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arbitrary, (rows) => {
        const all = rows.map((row, index) => ({
          arrives: Math.min(row.dated + row.delay, 3),
          entry: entry({ id: `E${index}`, date: `${months[row.dated]!}-1${row.caseNo}`, minutes: row.minutes, caseId: `T${row.caseNo}` }),
        }));
        const closed: ClosedMonth[] = [];
        for (const [index, month] of months.entries()) {
          // The log as exported when this month is billed: only the entries that have arrived by then.
          const log = all.filter((e) => e.arrives <= index).map((e) => e.entry);
          closed.push(recordOf(billWith(month, log, closed)));
        }
        const billed = closed.flatMap((c) => c.entries.map((e) => e.id)).sort();
        expect(billed).toEqual(all.map((e) => e.entry.id).sort());
      }),
    );
  });

  it('bills alike from the records it keeps as from every record (property)', () => {
    // What `recordsNeeded` drops must not change any bill: sessions across a year boundary (R6), case causes
    // (R2), entries billed, edited or moved since (R14), and late entries.
    const months = ['2023-11', '2023-12', '2024-01', '2024-02', '2024-03'];
    const customers = [customer('C1', 'VIP', '2023-01-01'), customer('C2', 'STANDARD', '2023-01-01')];
    // null: no activity written; the description's keyword makes it a development consultation.
    const activities = ['development-consultation', 'diagnostics', 'configuration', 'outage', null] as const;
    const arbitrary = fc.array(
      fc.record({
        dated: fc.integer({ min: 0, max: 4 }),
        delay: fc.integer({ min: 0, max: 2 }),
        day: fc.integer({ min: 10, max: 28 }),
        minutes: fc.integer({ min: 1, max: 240 }),
        caseNo: fc.integer({ min: 1, max: 12 }),
        c2: fc.boolean(),
        activity: fc.constantFrom(...activities),
        cause: fc.constantFrom('customer' as const, 'customer' as const, 'ipex' as const),
        // In the last log: still there, gone (an export of fewer months), edited, or moved to the other customer.
        last: fc.constantFrom('kept', 'kept', 'gone', 'edited', 'moved'),
        // A decision of the clerk's for its id in the last run, making it a consultation.
        decided: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitrary, (rows) => {
        const all = rows.map((row, index) => ({
          ...row,
          arrives: Math.min(row.dated + row.delay, 4),
          entry: entry({
            id: `E${index}`, customer: row.c2 ? 'C2' : 'C1', date: `${months[row.dated]!}-${row.day}`, minutes: row.minutes,
            caseId: `T${row.caseNo}`, activity: row.activity, cause: row.cause,
            ...(row.activity === null ? { description: 'Konzultace k rozvoji ústředny' } : {}),
          }),
        }));
        const closed: ClosedMonth[] = [];
        for (const [index, month] of months.slice(0, -1).entries()) {
          const entries = all.filter((e) => e.arrives <= index).map((e) => e.entry);
          const billed = billEntries({ month, entries, customers, topUps: [], treatUnresolved: null, closedMonths: closed }, DEFAULT_PRICE_LIST);
          fc.pre(billed.value !== null); // e.g. a case whose entries give two causes: a month not closed
          closed.push(recordOf(billed.value!));
        }
        const last = all.filter((e) => e.last !== 'gone').map((e) =>
          e.last === 'edited' ? { ...e.entry, minutes: e.entry.minutes + 5 } : e.last === 'moved' ? { ...e.entry, customer: e.c2 ? 'C1' : 'C2' } : e.entry,
        );
        const decisions = all
          .filter((e) => e.decided)
          .map((e, line) => ({ entryId: e.entry.id, activity: 'development-consultation', cause: null, billable: null, source: { file: 'review.csv', line: line + 2 } }));
        const bill = (records: 'needed' | 'all') =>
          billEntries({ month: '2024-03', entries: last, customers, topUps: [], treatUnresolved: null, closedMonths: closed, decisions, records }, DEFAULT_PRICE_LIST);
        expect(bill('needed')).toEqual(bill('all'));
      }),
      { numRuns: 300 },
    );
  });
});
