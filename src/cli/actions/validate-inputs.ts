import { planMonth } from '../../billing/bill-month.js';
import type { Worker } from 'node:worker_threads';
import { billOnBothCores, startThreadAhead } from '../month-maker.js';
import { compareText } from '../../billing/compare.js';
import { issueKind, type Issue } from '../../billing/issue.js';
import { monthOfDate, resolveMonthWord } from '../../billing/month.js';
import { renderInputsText } from '../../report/inputs-text.js';
import type { ValidateRequest } from '../request.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readDecisionsFile, readInputs, todayInPrague } from '../month-inputs.js';
import { reportIssues } from '../report-issues.js';

/**
 * `ipex-bill validate`: every check `run` makes on the inputs, for one month or for every month the files
 * mention, without billing or writing anything. All problems of all files and months are reported together,
 * each once. Exit 0 when every month would bill, 3 for invalid input, 4 when only unresolved entries remain.
 */
export async function validateInputs(request: ValidateRequest, ctx: CliContext): Promise<ExitCode> {
  let month: string | null = null;
  if (request.month !== null) {
    month = resolveMonthWord(request.month, todayInPrague(ctx));
    if (month === null) {
      ctx.stderr.write(`ipex-bill: --month "${request.month}" is not a month; use YYYY-MM (e.g. 2024-05), previous or current\n`);
      return EXIT.USAGE;
    }
  }
  // The thread beside (month-maker.ts) starts as the logs begin to be read, for the first month billed.
  let ahead: Worker | null = null;
  const read = await readInputs(request.inputs, ctx, { readingLogs: (bytes) => (ahead = startThreadAhead(bytes, ctx.threads)) });
  if ('exit' in read) return read.exit;
  const { config, inputs } = read;
  const decided = readDecisionsFile(request.inputs, config, ctx);

  // The checks that need a month (customers known and with a tier, top-ups allowed, classification) run for each
  // month the entries and top-ups are in; a problem seen from several months is reported once.
  const log = inputs.entries;
  const months = month !== null ? [month] : [...new Set([...log.datesInUse().map(monthOfDate), ...inputs.topUps.map((t) => t.month)])].sort(compareText);
  const issues = new Map<string, Issue>();
  for (const issue of [...read.issues, ...decided.issues]) issues.set(issueKey(issue), issue);
  for (const m of months) {
    const input = { month: m, log, customers: inputs.customers, unreadCustomers: inputs.unreadCustomers, topUps: inputs.topUps, treatUnresolved: null, decisions: decided.decisions };
    const billed = await billOnBothCores(planMonth(input, config.priceList), config.priceList, { threads: ctx.threads, ahead });
    ahead = null;
    for (const issue of billed.issues) issues.set(issueKey(issue), issue);
  }

  const files = [...inputs.digests, ...decided.digests].map((d) => ({
    ...d,
    rows: d.kind === 'decisions' ? (d.encoding === undefined ? null : decided.decisions.length) : (inputs.rowCounts.get(d.file) ?? null),
  }));
  ctx.stdout.write(renderInputsText(files));
  const scope = months.length === 0 ? 'no month (the log has no entries)' : months.length === 1 ? months[0]! : `${months.length} months, ${months[0]} to ${months.at(-1)}`;
  if (issues.size > 0) {
    const found = [...issues.values()];
    const code = reportIssues(ctx, found, inputs.headerNames, `checked ${scope}; nothing was billed`, config.priceList);
    return code === EXIT.INVALID_INPUT || found.some((i) => issueKind(i) === 'invalid') ? EXIT.INVALID_INPUT : EXIT.UNRESOLVED;
  }
  ctx.stdout.write(`No problems: checked ${scope}.\n`);
  return EXIT.OK;
}

function issueKey(issue: Issue): string {
  const s = issue.source;
  return `${issue.code}\u0000${s?.file ?? ''}\u0000${s?.line ?? ''}\u0000${s?.column ?? ''}\u0000${issue.message}`;
}
