import { resolve } from 'node:path';
import { billMonth } from '../../billing/bill-month.js';
import type { ClosedMonth } from '../../billing/closed-months.js';
import { compareText } from '../../billing/compare.js';
import { findCustomers, type CustomerName } from '../../billing/customer-search.js';
import { entriesUpTo, lastDayOfMonth, monthOfDate, resolveMonthWord } from '../../billing/month.js';
import type { Entry } from '../../billing/types.js';
import { indexCustomers, rowInForce } from '../../billing/tiers.js';
import { describeUsage, sortUsage } from '../../billing/usage.js';
import { readIsoDate } from '../../io/fields.js';
import { addToLogSpan, emptyLogSpan } from '../../billing/log-span.js';
import { renderNoEntriesForHours } from '../../report/refusals.js';
import { renderUsageJson, renderUsageTable, renderUsageText } from '../../report/hours.js';
import { shouldColour, terminalStyle } from '../colour.js';
import type { HoursOptions } from '../commands/hours.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readDecisionsFile, readMonthInputs, readOutputFolder, todayInPrague, type StreamedEntries } from '../month-inputs.js';
import { reportIssues } from '../report-issues.js';

/**
 * `ipex-bill hours`: month-to-date usage (R12). The figures come from the same `billMonth` as `run`, on the
 * entries dated up to the as-of day, so they equal what a run at that moment would bill.
 */
export function showHours(query: string | undefined, options: HoursOptions, ctx: CliContext): ExitCode {
  if (options.all === true && query !== undefined) return usage(ctx, 'give a customer or --all, not both');
  if (options.all !== true && query === undefined) return usage(ctx, 'which customer? Give an id or part of the name, or --all for everyone');

  // The one reading of the clock: today in Prague decides the default month and cut-off.
  const today = todayInPrague(ctx);
  // For one customer, only that customer's entries are kept as the log is read (issue 6): customers are billed
  // independently, so they give that customer's figures exactly, and a large log need not fit in memory.
  const wanted = resolveMonthWord(options.month ?? 'current', today);
  const kept: Entry[] = [];
  const span = emptyLogSpan();
  const streamed: StreamedEntries | undefined =
    query === undefined || wanted === null
      ? undefined
      : {
          sink: (customers) => {
            const matches = findCustomers(query, customersInForce(customers, wanted));
            const only = matches.length === 1 ? matches[0]!.customer : null;
            return (entry) => {
              addToLogSpan(span, entry.date);
              if (entry.customer === only) kept.push(entry);
            };
          },
          // One customer's entries, unless the log is all one customer's: sized like a group of `run`.
          heapNeeded: (logBytes) => Math.min(logBytes, 64 * 2 ** 20) * 7 + logBytes * 0.25,
        };
  const read = readMonthInputs(options.month ?? 'current', options, ctx, today, undefined, streamed);
  if ('exit' in read) return read.exit;
  const { month } = read;
  const asOf = options.asOf ?? (month === monthOfDate(today) ? today : lastDayOfMonth(month));
  const asOfValid = readIsoDate(asOf);
  if (!asOfValid.ok || monthOfDate(asOf) !== month) return usage(ctx, `--as-of "${asOf}" must be a day (YYYY-MM-DD) in ${month}`);
  const decided = readDecisionsFile(options.decisions, options, read.config, ctx);
  const invalid = [...read.issues, ...decided.issues];
  if (invalid.length > 0) return reportIssues(ctx, invalid, read.inputs.headerNames);

  let { topUps } = read.inputs;
  let entries = streamed === undefined ? read.inputs.entries : kept;
  if (streamed === undefined) for (const entry of entries) addToLogSpan(span, entry.date);
  // 0:00 used would hide a wrong --month or an export that was not refreshed (issue 13).
  if (!span.newestOf.has(month)) {
    ctx.stderr.write(`ipex-bill: ${renderNoEntriesForHours(month, span)}\n`);
    return EXIT.NO_ENTRIES;
  }
  const matches = query === undefined ? null : findCustomers(query, customersInForce(read.inputs.customers, month));
  const customerId = matches?.length === 1 ? matches[0]!.customer : null;
  // Customers are billed independently, so one customer's entries give that customer's figures exactly.
  if (customerId !== null) entries = entries.filter((e) => e.customer === customerId);

  // Months already closed in the output folder count as they do for run (late entries, R6). For one customer,
  // only the records that customer's bill needs are kept as they are read: its own, and those of its entries
  // recorded for another customer before they were moved to it (R14), as `run` gives each part.
  const ids = new Set(entries.map((e) => e.id));
  const recorded = new Map<string, Entry[]>();
  const keep = (closedMonth: string, entry: Entry) => {
    if (entry.customer !== customerId && !ids.has(entry.id)) return;
    if (!recorded.has(closedMonth)) recorded.set(closedMonth, []);
    recorded.get(closedMonth)!.push(entry);
  };
  const closed = readOutputFolder(options.out !== undefined ? resolve(ctx.cwd, options.out) : read.config.out, ctx, customerId === null ? undefined : keep);
  if ('exit' in closed) return closed.exit;
  if (query !== undefined && customerId === null) return noSuchCustomer(ctx, query, matches!, month);
  const closedMonths: ClosedMonth[] = customerId === null ? closed.months : closed.months.map((c) => ({ month: c.month, entries: recorded.get(c.month) ?? [] }));
  if (customerId !== null) topUps = topUps.filter((t) => t.customer === customerId);

  const billed = billMonth(
    { month, entries: entriesUpTo(entries, asOf), customers: read.inputs.customers, topUps, treatUnresolved: null, everyCustomer: true, closedMonths, decisions: decided.decisions },
    read.config.priceList,
  );
  if (!billed.value) return reportIssues(ctx, billed.issues, read.inputs.headerNames);
  const statements = customerId === null ? billed.value.statements : billed.value.statements.filter((s) => s.customer === customerId);
  const usages = sortUsage(statements.map((s) => describeUsage(s, read.config.priceList)), options.sort);

  if (options.json) {
    ctx.stdout.write(renderUsageJson(usages, month, asOf));
    return EXIT.OK;
  }
  const style = terminalStyle(options.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
  ctx.stdout.write(customerId === null ? renderUsageTable(usages, month, asOf, style) : renderUsageText(usages[0]!, month, asOf, style));
  return EXIT.OK;
}

function customersInForce(rows: Parameters<typeof indexCustomers>[0], month: string): CustomerName[] {
  const found: CustomerName[] = [];
  for (const [customer, list] of indexCustomers(rows).value) {
    const row = rowInForce(list, month);
    if (row) found.push({ customer, name: row.name });
  }
  return found.sort((a, b) => compareText(a.customer, b.customer));
}

function noSuchCustomer(ctx: CliContext, query: string, matches: readonly CustomerName[], month: string): ExitCode {
  if (matches.length === 0) {
    ctx.stderr.write(`ipex-bill: no customer with a tier in ${month} matches "${query}" by id or name.\n`);
  } else {
    const shown = matches.slice(0, 20).map((m) => `  ${m.customer}  ${m.name}\n`).join('');
    const more = matches.length > 20 ? `  … and ${matches.length - 20} more\n` : '';
    ctx.stderr.write(`ipex-bill: "${query}" matches ${matches.length} customers; give the id or more of the name:\n${shown}${more}`);
  }
  return EXIT.NO_SUCH_CUSTOMER;
}

function usage(ctx: CliContext, message: string): ExitCode {
  ctx.stderr.write(`ipex-bill: ${message}\n`);
  return EXIT.USAGE;
}
