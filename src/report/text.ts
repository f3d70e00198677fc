import type { MonthBill } from '../billing/bill-month.js';
import type { Issue } from '../billing/issue.js';
import type { Statement, StatementLine } from '../billing/statement.js';
import { formatCzk, formatHours } from './format.js';
import type { Style } from './style.js';
import type { PriceList } from '../billing/price-list.js';
import type { StatementHead } from './csv.js';
import { renderBoxed, renderColumns, textWidth, visibleWidth, wrapWords, type Align, type Cell, type ColumnSpec, type Paragraphs } from './columns.js';
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

/**
 * R11: one customer's itemised statement for the month, as text; activities by name (`activityName`). With a
 * `width` (a terminal's, issue 16) it fits it: descriptions wrap in what the other columns leave, and a
 * terminal too narrow for every column gets fewer, with the activity and technician above each description.
 * Without one (files, pipes) it is laid out at full width, descriptions wrapped at 44 columns.
 */
export function renderStatementText(s: Statement, style: Style, activityName: (code: string) => string, width?: number): string {
  const out: string[] = [];
  const fit = (line: string, paint: (text: string) => string = (text) => text) =>
    width === undefined ? [paint(line)] : wrapWords(line, width).map(paint);
  // Every value from the data is shown through fieldOnScreen: hidden characters spelled out, long ones cut (issue 13).
  out.push(...fit(`${fieldOnScreen(s.customer)} · ${fieldOnScreen(s.name)} · ${s.month}`, style.heading));
  const topUps = s.topUpBlocks > 0 ? ` + ${s.topUpBlocks} top-up block${s.topUpBlocks === 1 ? '' : 's'}` : '';
  out.push(
    ...fit(`Tier ${s.tier}${topUps} · included ${formatHours(s.includedMinutes)} h · used ${formatHours(s.coveredMinutes)} h · left ${formatHours(s.leftMinutes)} h (expires at month end)`),
  );
  out.push('');

  if (s.lines.length === 0) {
    out.push(style.dim('No support work this month.'));
  } else {
    out.push(workTable(s, style, activityName, width));
  }

  if (s.units.length > 0) {
    out.push('', ...fit('Paid work by case, rounded up to whole steps and drawn from included hours in order:', style.label));
    const wide = unitsTable(s, style, false);
    out.push(width !== undefined && textWidth(wide) > width ? unitsTable(s, style, true) : wide);
  }

  if (s.sessions.length > 0) {
    out.push('');
    for (const session of s.sessions) {
      const within = session.ordinal <= session.perYear;
      out.push(
        ...fit(
          `Consultation session ${session.ordinal} ${within ? `of ${session.perYear}` : 'of the year'} (case ${fieldOnScreen(session.caseId ?? '—')}, started ${session.startedOn}): ` +
            (within ? `${formatHours(session.freeMinutes)} h free of ${formatHours(session.allowanceMinutes)} h` : `beyond the ${session.perYear} free sessions`) +
            (session.paidMinutes > 0 ? `, ${formatHours(session.paidMinutes)} h paid` : ''),
        ),
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

/** The statement's lines: every column, or on a narrow terminal the activity and technician over the description. */
function workTable(s: Statement, style: Style, activityName: (code: string) => string, width: number | undefined): string {
  const description = (line: StatementLine, above: string | null): Paragraphs => {
    const e = line.entry;
    const text = fieldOnScreen(e.description, `${e.source.file}:${e.source.line}`);
    const note = noteOnStatement(line, activityName);
    return [...(above === null ? [] : [{ text: above, style: style.dim }]), { text }, ...(note ? [{ text: `↳ ${fieldOnScreen(note)}`, style: style.dim }] : [])];
  };
  const activity = (line: StatementLine) => fieldOnScreen(line.activity === null ? '' : activityName(line.activity));
  const wideColumns = aligned('left', 'left', 'left', 'left', 'left', 'left', 'right', 'left', 'right');
  wideColumns[5] = { align: 'left', wrapAt: DESCRIPTION_WIDTH, ...(width === undefined ? {} : { fillAtLeast: 20 }) };
  const wideRows = s.lines.map((line): Cell[] => [
    line.entry.date, line.entry.start ?? '', fieldOnScreen(line.entry.technician), line.role, activity(line), description(line, null), formatHours(line.entry.minutes),
    classCell(line, style), String(line.unitNumber ?? ''),
  ]);
  const wide = renderColumns(wideColumns, wideRows, ['Date', 'Start', 'Technician', 'Role', 'Activity', 'Description', 'Time', 'Class', 'Unit'].map(style.label), width);
  if (width === undefined || textWidth(wide) <= width) return wide;
  const narrowColumns = aligned('left', 'left', 'left', 'right', 'left', 'right');
  narrowColumns[2] = { align: 'left', fillAtLeast: 12 };
  const narrowRows = s.lines.map((line): Cell[] => [
    line.entry.date, line.entry.start ?? '', description(line, [activity(line), fieldOnScreen(line.entry.technician), line.role].filter(Boolean).join(' · ')),
    formatHours(line.entry.minutes), classCell(line, style), String(line.unitNumber ?? ''),
  ]);
  return renderColumns(narrowColumns, narrowRows, ['Date', 'Start', 'Work', 'Time', 'Class', 'Unit'].map(style.label), width);
}

/** The paid cases; `narrow` leaves out the first day and the rate (both are in units.csv). */
function unitsTable(s: Statement, style: Style, narrow: boolean): string {
  const rows = s.units.map((u) =>
    [
      u.number, fieldOnScreen(u.caseId ?? `(entry ${u.first.id})`), u.role, ...(narrow ? [] : [u.first.date]), formatHours(u.paidMinutes), formatHours(u.roundedMinutes),
      formatHours(u.coveredMinutes), formatHours(u.chargedMinutes), ...(narrow ? [] : [formatCzk(u.ratePerHour)]), style.amount(formatCzk(u.amount)),
    ].map(String),
  );
  const head = ['Unit', 'Case', 'Role', ...(narrow ? [] : ['First']), 'Worked', 'Rounded', 'Included', 'Charged', ...(narrow ? [] : ['Rate/h']), 'Amount'];
  const aligns: Align[] = ['right', 'left', 'left', ...(narrow ? [] : ['left' as const]), 'right', 'right', 'right', 'right', ...(narrow ? [] : ['right' as const]), 'right'];
  return renderColumns(aligned(...aligns), rows, head.map(style.label));
}

/** The month's summary: one row per customer and a totals row. */
export function renderSummaryText(bill: Pick<MonthBill, 'month' | 'totals'> & { statements: readonly StatementHead[] }, style: Style, width?: number): string {
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
  const boxed = renderBoxed(aligns, summary, head);
  const title = `${style.heading(`Summary ${bill.month}`)} ${style.dim('(amounts in CZK without VAT, time in h:mm)')}`;
  if (width === undefined || textWidth(boxed) <= width) return `${title}\n${boxed}\n`;
  return `${wrapWords(title, width).join('\n')}\n${summaryBlocks(bill, style, width)}`;
}

/** The catalogue's activities as a clerk may write them, after problems with an unknown one (issue 16). */
export function renderKnownActivities(priceList: PriceList): string {
  const items = Object.entries(priceList.catalogue).map(([code, item]) => (item.names ? `${code} (${item.names.cs})` : code));
  return `Activities: ${items.join(', ')}; the Czech names are accepted as written, with or without diacritics.\n`;
}

/**
 * The summary on a terminal narrower than its table (issue 16): a block per customer, its figures as
 * "label value" pairs wrapped to the width, never a pair split across lines.
 */
function summaryBlocks(bill: Pick<MonthBill, 'totals'> & { statements: readonly StatementHead[] }, style: Style, width: number): string {
  const pairs = (f: MonthBill['totals']) => [
    `fee ${formatCzk(f.packageFee)}`, `top-ups ${formatCzk(f.topUpFee)}`, `included ${formatHours(f.includedMinutes)}`, `worked ${formatHours(f.workedMinutes)}`,
    `free ${formatHours(f.freeMinutes)}`, `billable ${formatHours(f.billableMinutes)}`, `covered ${formatHours(f.coveredMinutes)}`,
    `charged ${formatHours(f.chargedMinutes)}`, `work ${formatCzk(f.workAmount)}`, `total ${style.amount(formatCzk(f.totalAmount))}`,
  ];
  const block = (heading: string, figures: string[]) => {
    const lines = [heading];
    let line = '  ';
    for (const pair of figures) {
      const next = line.trim() === '' ? `  ${pair}` : `${line} · ${pair}`;
      if (visibleWidth(next) > width && line.trim() !== '') {
        lines.push(line);
        line = `  ${pair}`;
      } else line = next;
    }
    lines.push(line);
    return lines.join('\n');
  };
  const blocks = bill.statements.map((s) => block(`${style.heading(fieldOnScreen(s.customer))} · ${fieldOnScreen(s.name)} · ${s.tier}`, pairs(s)));
  blocks.push(block(style.heading(`Total, ${bill.statements.length} customers`), pairs(bill.totals)));
  return `${blocks.join('\n')}\n`;
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
