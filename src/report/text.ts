import type { MonthBill } from '../billing/bill-month.js';
import type { Issue } from '../billing/issue.js';
import type { Statement, StatementLine } from '../billing/statement.js';
import { formatCzk, formatHours } from './format.js';
import type { Style } from './style.js';
import type { PriceList } from '../billing/price-list.js';
import type { StatementHead } from './csv.js';
import { renderBoxed, renderColumns, type Align, type Cell, type ColumnSpec } from './columns.js';
import { fieldOnScreen } from './visible.js';

const DESCRIPTION_WIDTH = 44;

const aligned = (...aligns: Align[]): ColumnSpec[] => aligns.map((align) => ({ align }));

function classCell(line: StatementLine, style: Style): string {
  const name = line.class === 'SESSION' && line.session ? `SESSION ${line.session.ordinal}` : line.class;
  const coloured = line.class === 'PAID' ? name : style.free(name);
  switch (line.basis) {
    case 'manual':
    case 'decision':
      return `${coloured} (manual)`;
    case 'keyword':
      return `${coloured} (keyword)`;
    case 'run-option':
      return `${coloured} ${style.warning('(run option)')}`;
    default:
      return coloured;
  }
}

/**
 * What the clerk reads of a line's explanation (lines.csv keeps it whole): a decision of the review file is
 * marked "manual decision" without its file and line, and an activity a keyword gave is named, not coded
 * (issue 15).
 */
function noteOnStatement(line: StatementLine, activityName: (code: string) => string): string {
  const note = line.basis === 'decision' ? line.note.replace(/manual decision \(.*?:\d+(: [^)]*)?\)/, 'manual decision') : line.note;
  return note.replace(/\bactivity ([a-z0-9-]+) from the description/, (_, code: string) => `activity "${activityName(code)}" from the description`);
}

/** An activity's English name for the clerk's statement (R1's table), or its code when the catalogue names none. */
export function activityNameIn(priceList: PriceList): (code: string) => string {
  return (code) => (Object.hasOwn(priceList.catalogue, code) ? (priceList.catalogue[code]!.names?.en ?? code) : code);
}

/** R11: one customer's itemised statement for the month, as text; activities by name (`activityName`). */
export function renderStatementText(s: Statement, style: Style, activityName: (code: string) => string): string {
  const out: string[] = [];
  // Every value from the data is shown through fieldOnScreen: hidden characters spelled out, long ones cut (issue 13).
  out.push(style.heading(`${fieldOnScreen(s.customer)} · ${fieldOnScreen(s.name)} · ${s.month}`));
  const topUps = s.topUpBlocks > 0 ? ` + ${s.topUpBlocks} top-up block${s.topUpBlocks === 1 ? '' : 's'}` : '';
  out.push(
    `Tier ${s.tier}${topUps} · included ${formatHours(s.includedMinutes)} h · used ${formatHours(s.coveredMinutes)} h · left ${formatHours(s.leftMinutes)} h (expires at month end)`,
  );
  out.push('');

  if (s.lines.length === 0) {
    out.push(style.dim('No support work this month.'));
  } else {
    const columns = aligned('left', 'left', 'left', 'left', 'left', 'left', 'right', 'left', 'right');
    columns[5] = { align: 'left', wrapAt: DESCRIPTION_WIDTH };
    const rows = s.lines.map((line): Cell[] => {
      const e = line.entry;
      const text = fieldOnScreen(e.description, `${e.source.file}:${e.source.line}`);
      const note = noteOnStatement(line, activityName);
      const description = note ? [{ text }, { text: `↳ ${fieldOnScreen(note)}`, style: style.dim }] : [{ text }];
      return [
        e.date, e.start ?? '', fieldOnScreen(e.technician), line.role, fieldOnScreen(line.activity === null ? '' : activityName(line.activity)), description, formatHours(e.minutes),
        classCell(line, style), String(line.unitNumber ?? ''),
      ];
    });
    out.push(renderColumns(columns, rows, ['Date', 'Start', 'Technician', 'Role', 'Activity', 'Description', 'Time', 'Class', 'Unit'].map(style.label)));
  }

  if (s.units.length > 0) {
    out.push('', style.label('Paid work by case, rounded up to whole steps and drawn from included hours in order:'));
    const rows = s.units.map((u) =>
      [
        u.number, fieldOnScreen(u.caseId ?? `(entry ${u.first.id})`), u.role, u.first.date, formatHours(u.paidMinutes), formatHours(u.roundedMinutes),
        formatHours(u.coveredMinutes), formatHours(u.chargedMinutes), formatCzk(u.ratePerHour), style.amount(formatCzk(u.amount)),
      ].map(String),
    );
    out.push(renderColumns(aligned('right', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'), rows,
      ['Unit', 'Case', 'Role', 'First', 'Worked', 'Rounded', 'Included', 'Charged', 'Rate/h', 'Amount'].map(style.label)));
  }

  if (s.sessions.length > 0) {
    out.push('');
    for (const session of s.sessions) {
      const within = session.ordinal <= session.perYear;
      out.push(
        `Consultation session ${session.ordinal} ${within ? `of ${session.perYear}` : 'of the year'} (case ${fieldOnScreen(session.caseId ?? '—')}, started ${session.startedOn}): ` +
          (within ? `${formatHours(session.freeMinutes)} h free of ${formatHours(session.allowanceMinutes)} h` : `beyond the ${session.perYear} free sessions`) +
          (session.paidMinutes > 0 ? `, ${formatHours(session.paidMinutes)} h paid` : ''),
      );
    }
  }

  out.push('');
  const totals: string[][] = [['Package fee', formatCzk(s.packageFee)]];
  if (s.topUpBlocks > 0) totals.push([`Top-up blocks × ${s.topUpBlocks}`, formatCzk(s.topUpFee)]);
  totals.push([`Work beyond the package (${formatHours(s.chargedMinutes)} h)`, formatCzk(s.workAmount)]);
  totals.push([style.heading('Total (CZK without VAT)'), style.heading(style.amount(formatCzk(s.totalAmount)))]);
  out.push(renderColumns(aligned('left', 'right'), totals));
  return out.join('\n') + '\n';
}

/** The month's summary: one row per customer and a totals row. */
export function renderSummaryText(bill: Pick<MonthBill, 'month' | 'totals'> & { statements: readonly StatementHead[] }, style: Style): string {
  const head = ['Customer', 'Name', 'Tier', 'Fee', 'Top-ups', 'Included', 'Worked', 'Free', 'Billable', 'Covered', 'Charged', 'Work', 'Total'].map((h) => style.label(h));
  const aligns: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];
  const summary: string[][] = [];
  const figures = (f: MonthBill['totals']) => [
    formatCzk(f.packageFee), formatCzk(f.topUpFee), formatHours(f.includedMinutes), formatHours(f.workedMinutes), formatHours(f.freeMinutes),
    formatHours(f.billableMinutes), formatHours(f.coveredMinutes), formatHours(f.chargedMinutes), formatCzk(f.workAmount), style.amount(formatCzk(f.totalAmount)),
  ];
  for (const s of bill.statements) summary.push([fieldOnScreen(s.customer), fieldOnScreen(s.name), s.tier, ...figures(s)]);
  summary.push(Array<string>(13).fill(''));
  summary.push([style.heading('Total'), `${bill.statements.length} customers`, '', ...figures(bill.totals)]);
  return `${style.heading(`Summary ${bill.month}`)} ${style.dim('(amounts in CZK without VAT, time in h:mm)')}\n${renderBoxed(aligns, summary, head)}\n`;
}

/** The catalogue's activities as a clerk may write them, after problems with an unknown one (issue 16). */
export function renderKnownActivities(priceList: PriceList): string {
  const items = Object.entries(priceList.catalogue).map(([code, item]) => (item.names ? `${code} (${item.names.cs})` : code));
  return `Activities: ${items.join(', ')}; the Czech names are accepted as written, with or without diacritics.\n`;
}

/** Problems as `file:line:column: message`, one per line, in file and line order. */
export function renderIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issueLocation(issue)}${fieldOnScreen(issue.message)}`).join('\n') + (issues.length > 0 ? '\n' : '');
}

function issueLocation(issue: Issue): string {
  const source = issue.source;
  if (!source) return '';
  if (source.line <= 0) return `${source.file}: `;
  return `${source.file}:${source.line}:${source.column ? `${source.column}:` : ''} `;
}
