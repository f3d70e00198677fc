import { noSuchCustomer } from '../no-such-customer.js';
import { planMonth } from '../../billing/bill-month.js';
import type { Worker } from 'node:worker_threads';
import { billOnBothCores, startThreadAhead } from '../month-maker.js';
import { compareText } from '../../billing/compare.js';
import { findCustomers, type CustomerName } from '../../billing/customer-search.js';
import { lastDayOfMonth, monthOfDate } from '../../billing/month.js';
import { indexCustomers, rowInForce } from '../../billing/tiers.js';
import { sameUsage, sortUsage, usageOfDocument, type CustomerUsage } from '../../billing/usage.js';
import { readMonthDocuments } from '../../io/read-documents.js';
import type { BilledAs } from '../../report/hours.js';
import { displayPath } from '../settings.js';
import { join } from 'node:path';
import { readIsoDate } from '../../io/fields.js';
import { logSpanOf } from '../../billing/log-span.js';
import { renderNoEntriesForHours } from '../../report/refusals.js';
import { renderUsageJson, renderUsageTable, renderUsageText } from '../../report/hours.js';
import { shouldColour, terminalStyle } from '../colour.js';
import type { HoursRequest } from '../request.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { outputFolderOf, readDecisionsFile, readMonthInputs, readOutputFolder, todayInPrague } from '../month-inputs.js';
import { reportIssues } from '../report-issues.js';

/**
 * `ipex-bill hours`: month-to-date usage (R12). The figures come from the same `billMonth` as `run`, on the
 * entries dated up to the as-of day, so they equal what a run at that moment would bill.
 */
export async function showHours(request: HoursRequest, ctx: CliContext): Promise<ExitCode> {
  const query = request.customer;
  if (request.all && query !== null) return usage(ctx, 'give a customer or --all, not both');
  if (!request.all && query === null) return usage(ctx, 'which customer? Give an id or part of the name, or --all for everyone');

  // The one reading of the clock: today in Prague decides the default month and cut-off.
  const today = todayInPrague(ctx);
  // The thread beside for --all (month-maker.ts) starts as the logs begin to be read.
  let ahead: Worker | null = null;
  const read = await readMonthInputs(request.month, request.inputs, ctx, { today, readingLogs: (bytes) => (ahead = request.all ? startThreadAhead(bytes, ctx.threads) : null) });
  if ('exit' in read) return read.exit;
  const { month } = read;
  const asOf = request.asOf ?? (month === monthOfDate(today) ? today : lastDayOfMonth(month));
  const asOfValid = readIsoDate(asOf);
  if (!asOfValid.ok || monthOfDate(asOf) !== month) return usage(ctx, `--as-of "${asOf}" must be a day (YYYY-MM-DD) in ${month}`);
  const decided = readDecisionsFile(request.inputs, read.config, ctx);
  const invalid = [...read.issues, ...decided.issues];
  if (invalid.length > 0) return reportIssues(ctx, invalid, read.inputs.headerNames);

  const { entries: log, customers, topUps } = read.inputs;
  // 0:00 used would hide a wrong --month or an export that was not refreshed (issue 13).
  const span = logSpanOf(log);
  if (!span.newestOf.has(month)) {
    ctx.stderr.write(`ipex-bill: ${renderNoEntriesForHours(month, span)}\n`);
    return EXIT.NO_ENTRIES;
  }
  const matches = query === null ? null : findCustomers(query, customersInForce(customers, month));
  const customerId = matches?.length === 1 ? matches[0]!.customer : null;
  // Months already closed in the output folder count as they do for run (late entries, R6).
  const closed = await readOutputFolder(outputFolderOf(request.inputs, read.config, ctx), ctx, { month, log: read.inputs.entries, priceList: read.config.priceList, decisions: decided.decisions });
  if ('exit' in closed) return closed.exit;
  if (query !== null && customerId === null) return noSuchCustomer(ctx, query, matches!, `with a tier in ${month}`);

  // The same billing as run's, on the entries dated up to the as-of day (R12); for one customer, only that
  // customer is billed: customers are billed independently, so its figures are exact.
  const found: CustomerUsage[] = [];
  const plan = planMonth(
    {
      month,
      log,
      customers,
      unreadCustomers: read.inputs.unreadCustomers,
      topUps,
      treatUnresolved: null,
      everyCustomer: true,
      records: closed.records,
      closedMonths: closed.closedMonths,
      decisions: decided.decisions,
      upTo: asOf,
      ...(customerId === null ? {} : { onlyCustomer: customerId }),
    },
    read.config.priceList,
  );
  // The month's customers on both cores when it is large (`hours --all`).
  const billed = await billOnBothCores(plan, read.config.priceList, { threads: ctx.threads, ahead }, found);
  if (!billed.value) return reportIssues(ctx, billed.issues, read.inputs.headerNames, undefined, read.config.priceList);

  // A closed month (and no --as-of inside it): what it billed, as invoiced, which after a reissue may not be
  // what today's log would bill (issue 16). Today's figures only say whether they would differ.
  const outDir = outputFolderOf(request.inputs, read.config, ctx);
  const published = outDir === null || request.asOf !== null ? null : (closed.months.find((c) => c.month === month) ?? null);
  let shown = found;
  let billedAs: BilledAs | null = null;
  if (published) {
    const folder = join(outDir!, month);
    const documents = readMonthDocuments(folder, displayPath(folder, ctx.cwd), published.manifest, customerId ?? undefined);
    if ('error' in documents) {
      ctx.stderr.write(`ipex-bill: ${documents.error}\n`);
      return EXIT.OUTPUT_FAILED;
    }
    if ('documents' in documents) {
      const billedUsage = new Map(documents.documents.map((d) => [d.customer.id, usageOfDocument(d)]));
      const live = new Map(found.map((u) => [u.customer, u]));
      shown = customerId === null ? [...billedUsage.values()] : billedUsage.has(customerId) ? [billedUsage.get(customerId)!] : [];
      const differ = [...new Set([...live.keys(), ...billedUsage.keys()])]
        .filter((c) => customerId === null || c === customerId)
        .filter((c) => {
          const now = live.get(c);
          const then = billedUsage.get(c);
          // Not billed then: a difference if today's log would give the customer a statement (work, or a fee).
          if (!then) return now !== undefined && (now.workedMinutes > 0 || now.tier !== 'NONE');
          return now === undefined || !sameUsage(now, then);
        })
        .sort(compareText);
      billedAs = { version: published.manifest.version, createdAt: published.manifest.created_at, differ };
      if (customerId !== null && shown.length === 0) {
        ctx.stderr.write(`ipex-bill: ${month} is closed (version ${published.manifest.version}) and billed ${customerId} nothing: no statement.\n`);
        if (differ.length > 0) ctx.stderr.write(`Note: today's log would bill ${customerId} in ${month}; run --month ${month} lists the change.\n`);
        return EXIT.OK;
      }
    } else {
      ctx.stderr.write(`Note: ${month} was closed by ipex-bill ${published.manifest.tool.version}, which wrote no statement documents: these are today's figures, not necessarily the invoiced ones.\n`);
    }
  }
  const usages = sortUsage(shown, request.sort);

  if (request.json) {
    for (const piece of renderUsageJson(usages, month, asOf, billedAs)) ctx.stdout.write(piece);
    return EXIT.OK;
  }
  const style = terminalStyle(request.color && shouldColour(ctx.env, ctx.stdout.isTTY === true));
  ctx.stdout.write(customerId === null ? renderUsageTable(usages, month, asOf, style, billedAs) : renderUsageText(usages[0]!, month, asOf, style, billedAs));
  if (billedAs && billedAs.differ.length > 0) {
    const who = billedAs.differ.length <= 5 ? billedAs.differ.join(', ') : `${billedAs.differ.slice(0, 5).join(', ')} and ${billedAs.differ.length - 5} more`;
    ctx.stderr.write(`Note: the logs given would now bill ${month} differently for ${who}; the figures above are version ${billedAs.version}'s, as invoiced (run --month ${month} lists the changes).\n`);
  }
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

function usage(ctx: CliContext, message: string): ExitCode {
  ctx.stderr.write(`ipex-bill: ${message}\n`);
  return EXIT.USAGE;
}
