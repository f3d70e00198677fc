import type { CustomerUsage } from '../billing/usage.js';
import { formatCzk, formatHours } from './format.js';
import type { Style } from './style.js';
import { renderBoxed, renderColumns, type Align } from './columns.js';
import { escapeHiddenInJson, fieldOnScreen } from './visible.js';

/** Identifies the shape of `hours --json`; bump when a field changes meaning or disappears. */
export const HOURS_JSON_SCHEMA = 'ipex-bill/hours@1';

/**
 * For a closed month: the version whose figures are shown (as invoiced), when it was written, and the
 * customers today's logs would bill differently.
 */
export interface BilledAs {
  version: number;
  createdAt: string;
  differ: readonly string[];
}

/** How a month's figures are dated: as of a day, or as a closed month's version billed them. */
function when(asOf: string, billedAs: BilledAs | null): string {
  return billedAs === null ? `as of ${asOf}` : `as billed: version ${billedAs.version}, written ${billedAs.createdAt.slice(0, 10)}`;
}

/** A bar of used against included time; past the package the bar is full and marked. */
export function usageBar(usage: CustomerUsage, width: number): string {
  if (usage.includedMinutes === 0) return ' '.repeat(width);
  const filled = Math.round((usage.usedMinutes / usage.includedMinutes) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function responseTime(usage: CustomerUsage): string {
  return usage.responseHours === null ? 'response not guaranteed' : `response within ${usage.responseHours} hours`;
}

/** One customer's month-to-date usage (R12), as ops read it out to the customer. */
export function renderUsageText(usage: CustomerUsage, month: string, asOf: string, style: Style, billedAs: BilledAs | null = null): string {
  const out: string[] = [];
  out.push(style.heading(`${fieldOnScreen(usage.customer)} · ${fieldOnScreen(usage.name)} · ${month}, ${when(asOf, billedAs)}`));
  out.push(`Tier ${usage.tier} — ${responseTime(usage)}`);
  const topUps = usage.topUpBlocks > 0 ? ` incl. ${usage.topUpBlocks} top-up block${usage.topUpBlocks === 1 ? '' : 's'}` : '';
  const percent = usage.includedMinutes === 0 ? '' : `  ${Math.round((usage.usedMinutes / usage.includedMinutes) * 100)} %`;
  out.push(`Included  ${formatHours(usage.includedMinutes).padStart(6)} h${topUps}`);
  out.push(`Used      ${formatHours(usage.usedMinutes).padStart(6)} h  ${usageBar(usage, 20)}${percent}`);
  out.push(`Left      ${formatHours(usage.leftMinutes).padStart(6)} h`);
  const soFar = billedAs === null ? ' so far' : '';
  const charged = `Charged beyond the package${soFar}: ${formatHours(usage.chargedMinutes)} h = ${formatCzk(usage.chargedAmount)}`;
  out.push(usage.chargedMinutes > 0 ? style.warning(charged) : charged);
  if (usage.sessions) {
    out.push(`Consultation sessions this year: ${usage.sessions.used} of ${usage.sessions.perYear} used, ${usage.sessions.left} left`);
  }
  if (usage.topUpAdvice) {
    const a = usage.topUpAdvice;
    out.push(style.warning(`A ${formatHours(a.minutes).replace(/:00$/, '')} h top-up (${formatCzk(a.price)}) would have cost ${formatCzk(a.saving)} less this month${billedAs === null ? ' so far' : ''}.`));
  }
  if (usage.units.length > 0) {
    out.push('', style.label(`Paid work${soFar}, in the order it used the included time:`));
    const rows = usage.units.map((u) =>
      [u.number, fieldOnScreen(u.caseId ?? '—'), u.role, u.firstDate, formatHours(u.roundedMinutes), formatHours(u.coveredMinutes), formatHours(u.chargedMinutes), formatCzk(u.amount)].map(String),
    );
    const columns = (['right', 'left', 'left', 'left', 'right', 'right', 'right', 'right'] as const).map((align) => ({ align }));
    out.push(renderColumns(columns, rows, ['Unit', 'Case', 'Role', 'First', 'Rounded', 'Included', 'Charged', 'Amount'].map((h) => style.label(h))));
  } else {
    out.push('', style.dim(billedAs === null ? 'No paid work so far this month.' : 'No paid work this month.'));
  }
  return out.join('\n') + '\n';
}

/** Every customer's usage in one table (`hours --all`). */
export function renderUsageTable(usages: readonly CustomerUsage[], month: string, asOf: string, style: Style, billedAs: BilledAs | null = null): string {
  const head = ['Customer', 'Name', 'Tier', 'Included', 'Used', 'Left', '', 'Charged', 'Amount', 'Sessions'].map((h) => style.label(h));
  const aligns: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'right', 'right', 'right'];
  const table: string[][] = [];
  for (const u of usages) {
    const charged = u.chargedMinutes > 0 ? style.warning(formatHours(u.chargedMinutes)) : formatHours(u.chargedMinutes);
    table.push([
      fieldOnScreen(u.customer), fieldOnScreen(u.name), u.tier, formatHours(u.includedMinutes), formatHours(u.usedMinutes), formatHours(u.leftMinutes), usageBar(u, 10),
      charged, formatCzk(u.chargedAmount), u.sessions ? `${u.sessions.used}/${u.sessions.perYear}` : '',
    ]);
  }
  return `${style.heading(`Hours used in ${month}, ${when(asOf, billedAs)}`)} ${style.dim('(time in h:mm, amounts in CZK without VAT)')}\n${renderBoxed(aligns, table, head)}\n`;
}

/**
 * The usage as JSON (`JSON.stringify(…, null, 2)` and a line feed), a piece at a time: `hours --all` on a
 * month of 100,000 customers is several hundred megabytes of JSON, better written a customer at a time than
 * made into one string.
 */
export function* renderUsageJson(usages: readonly CustomerUsage[], month: string, asOf: string, billedAs: BilledAs | null = null): Generator<string> {
  // Raw C1 and bidi characters as \u escapes: the same data, and nothing raw on a terminal (issue 13).
  const head = JSON.stringify(
    {
      schema: HOURS_JSON_SCHEMA,
      month,
      as_of: asOf,
      // A closed month's figures are its version's, as invoiced; null: billed from the logs given.
      billed_as: billedAs && { version: billedAs.version, created_at: billedAs.createdAt, would_differ_now: billedAs.differ },
      customers: [],
    },
    null,
    2,
  );
  if (usages.length === 0) {
    yield escapeHiddenInJson(`${head}\n`);
    return;
  }
  // The head ends in `"customers": []` and the closing brace: the array is opened there, each customer follows.
  yield escapeHiddenInJson(`${head.slice(0, -']\n}'.length)}\n`);
  for (let i = 0; i < usages.length; i++) yield escapeHiddenInJson(`${i === 0 ? '' : ',\n'}${indentedInArray(customerJson(usages[i]!))}`);
  yield '\n  ]\n}\n';
}

/** A value as an element of a top-level array, indented as `JSON.stringify(…, null, 2)` indents it there. */
function indentedInArray(value: object): string {
  const nested = JSON.stringify({ x: [value] }, null, 2);
  return nested.slice('{\n  "x": [\n'.length, -'\n  ]\n}'.length);
}

function customerJson(u: CustomerUsage) {
  return {
    customer: u.customer,
    name: u.name,
    tier: u.tier,
    response_hours: u.responseHours,
    included_minutes: u.includedMinutes,
    topup_blocks: u.topUpBlocks,
    used_minutes: u.usedMinutes,
    left_minutes: u.leftMinutes,
    charged_minutes: u.chargedMinutes,
    charged_amount_haler: u.chargedAmount,
    worked_minutes: u.workedMinutes,
    free_minutes: u.freeMinutes,
    sessions: u.sessions && { used: u.sessions.used, per_year: u.sessions.perYear, left: u.sessions.left },
    top_up_advice: u.topUpAdvice && { blocks: 1, price_haler: u.topUpAdvice.price, minutes: u.topUpAdvice.minutes, saving_haler: u.topUpAdvice.saving },
    units: u.units.map((x) => ({
      unit: x.number,
      case_id: x.caseId,
      role: x.role,
      first_date: x.firstDate,
      rounded_minutes: x.roundedMinutes,
      covered_minutes: x.coveredMinutes,
      charged_minutes: x.chargedMinutes,
      amount_haler: x.amount,
    })),
  };
}
