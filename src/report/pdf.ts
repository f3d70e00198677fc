import PDFDocument from 'pdfkit';
import type { DocumentLine, PdfFonts, StatementDocument } from '../formats/statement-document.js';
import type { Language } from '../billing/types.js';
import { MESSAGES, timeSpan, type Messages } from './messages.js';
import { showHidden } from './visible.js';
import { lastDayOfMonth } from '../billing/month.js';

/*
 * The customer's statement as an A4 PDF (issue 15, R11), laid out with pdfkit: a header with supplier,
 * customer and package, the work table (its header repeated on every page), the paid cases with their
 * rounding, the totals, and "strana 1 z 2" on every page. The fonts come in as bytes (DejaVu Sans Condensed,
 * which has every Czech letter) and are embedded as subsets; the document's dates are the caller's, fixed
 * for the month, so that the same data always gives the same bytes.
 */

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 40, right: 40, top: 40, bottom: 48 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const TABLE_SIZE = 7.5;
const BODY_SIZE = 9;
const PAD = 2;
const GREY = '#555555';
const RULE = '#bbbbbb';
const SHADE = '#f0f0f0';
/** A description longer than this is cut on the page (the whole text is in lines.csv). */
const DESCRIPTION_SHOWN = 600;

type Align = 'left' | 'right';
interface Column {
  width: number;
  align: Align;
}

const WORK_COLUMNS: Column[] = [
  { width: 51, align: 'left' },
  { width: 46, align: 'left' },
  { width: 60, align: 'left' },
  { width: 76, align: 'left' },
  { width: 0, align: 'left' },
  { width: 38, align: 'right' },
  { width: 94, align: 'left' },
];
WORK_COLUMNS[4]!.width = WIDTH - WORK_COLUMNS.reduce((sum, c) => sum + c.width, 0);

const UNIT_COLUMNS: Column[] = [
  { width: 0, align: 'left' },
  { width: 56, align: 'left' },
  { width: 56, align: 'right' },
  { width: 52, align: 'right' },
  { width: 52, align: 'right' },
  { width: 52, align: 'right' },
  { width: 56, align: 'right' },
  { width: 62, align: 'right' },
];
UNIT_COLUMNS[0]!.width = WIDTH - UNIT_COLUMNS.reduce((sum, c) => sum + c.width, 0);

/** Render a statement document as PDF bytes, in `language` (default: the document's own). */
export function renderStatementPdf(document: StatementDocument, fonts: PdfFonts, created: Date, language: Language = document.language): Promise<Uint8Array> {
  const t = MESSAGES[language];
  const title = t.title(document.month);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    lang: language === 'cs' ? 'cs-CZ' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${title} · ${document.customer.name}`,
      Author: document.supplier.name,
      Subject: `${t.invoiceKey} ${document.invoiceKey}`,
      Creator: 'ipex-bill',
      Producer: 'ipex-bill',
      CreationDate: created,
      ModDate: created,
    },
  });
  const done = collect(doc);
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  const page = new PageWriter(doc);

  header(page, document, t, title);
  workTable(page, document, t, language);
  unitsTable(page, document, t);
  totals(page, document, t);
  footers(doc, document, t, title);
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

/** Where the next thing goes on the page, and a new page when it would not fit. */
class PageWriter {
  y = MARGIN.top;
  /** Text widths at the table's size, by font: a statement repeats its dates, times and names many times. */
  private readonly widths = { regular: new Map<string, number>(), bold: new Map<string, number>() };
  constructor(readonly doc: PDFKit.PDFDocument) {}

  /** The width of `text` in `font` at the table's size (the current font must be that one). */
  width(font: 'regular' | 'bold', text: string): number {
    let width = this.widths[font].get(text);
    if (width === undefined) {
      width = this.doc.widthOfString(text);
      this.widths[font].set(text, width);
    }
    return width;
  }

  /** Room for `height` more points, else a new page (and `onNewPage`, e.g. a table's header). */
  room(height: number, onNewPage?: () => void): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = MARGIN.top;
    onNewPage?.();
  }

  text(text: string, options: { x?: number; width?: number; size?: number; bold?: boolean; color?: string; align?: Align } = {}): number {
    const { doc } = this;
    const width = options.width ?? WIDTH;
    doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? BODY_SIZE).fillColor(options.color ?? 'black');
    const height = doc.heightOfString(text, { width });
    doc.text(text, options.x ?? MARGIN.left, this.y, { width, align: options.align ?? 'left', lineGap: 0 });
    return height;
  }
}

/** Text from the data: hidden characters spelled out (issue 13), very long ones cut. */
function shown(text: string, t: Messages, limit = DESCRIPTION_SHOWN): string {
  // NFC: a letter and its accent as one glyph (the fonts place no separate marks).
  const visible = showHidden(text).normalize('NFC');
  return visible.length <= limit ? visible : `${visible.slice(0, limit)}${t.cut(visible.length - limit)}`;
}

function header(page: PageWriter, d: StatementDocument, t: Messages, title: string): void {
  page.y += page.text(title, { size: 15, bold: true }) + 2;
  const period = `${t.period}: ${t.date(`${d.month}-01`)} – ${t.date(lastDayOfMonth(d.month))}   ·   ${t.invoiceKey}: ${d.invoiceKey}`;
  page.y += page.text(period, { color: GREY }) + 12;

  const half = WIDTH / 2 - 10;
  const supplier = [
    d.supplier.address,
    d.supplier.ico ? `${t.ico}: ${d.supplier.ico}` : null,
    d.supplier.dic ? `${t.dic}: ${d.supplier.dic}` : null,
    d.supplier.bank ? `${t.bank}: ${d.supplier.bank}` : null,
    [d.supplier.phone, d.supplier.email].some((v) => v !== null) ? `${t.support}: ${[d.supplier.phone, d.supplier.email].filter((v) => v !== null).join(', ')}` : null,
  ];
  const customer = [
    d.customer.address === null ? null : shown(d.customer.address, t, 200),
    `${t.customerId}: ${shown(d.customer.id, t, 80)}`,
    d.customer.ico ? `${t.ico}: ${shown(d.customer.ico, t, 40)}` : null,
    d.customer.dic ? `${t.dic}: ${shown(d.customer.dic, t, 40)}` : null,
  ];
  const top = page.y;
  const leftHeight = party(page, MARGIN.left, half, t.supplier, d.supplier.name, supplier);
  page.y = top;
  const rightHeight = party(page, MARGIN.left + WIDTH / 2 + 10, half, t.customer, shown(d.customer.name, t, 200), customer);
  page.y = top + Math.max(leftHeight, rightHeight) + 12;

  packageBox(page, d, t);
}

function party(page: PageWriter, x: number, width: number, label: string, name: string, lines: (string | null)[]): number {
  const top = page.y;
  page.y += page.text(label.toUpperCase(), { x, width, size: 7, color: GREY }) + 1;
  page.y += page.text(name, { x, width, bold: true, size: 10 }) + 1;
  for (const line of lines) if (line !== null) page.y += page.text(line, { x, width });
  return page.y - top;
}

function packageBox(page: PageWriter, d: StatementDocument, t: Messages): void {
  const lines: { text: string; bold?: boolean }[] = [{ text: `${t.package}: ${t.tier(d.tier)} — ${t.response(d.responseHours)}`, bold: true }];
  if (d.includedMinutes > 0) {
    const topUps = d.topUpBlocks > 0 ? `, ${t.topUps(d.topUpBlocks, d.topUpMinutes)}` : '';
    lines.push({ text: `${t.included}: ${t.duration(d.includedMinutes)}${topUps}   ·   ${t.used}: ${t.duration(d.coveredMinutes)}   ·   ${t.left}: ${t.duration(d.leftMinutes)}` });
    lines.push({ text: t.noCarryOver });
  }
  if (d.sessions) lines.push({ text: t.sessions(d.sessions.year, d.sessions.usedThisYear, d.sessions.perYear) });
  if (d.customer.contact !== null && (d.tier === 'PLUS' || d.tier === 'VIP')) {
    lines.push({ text: `${t.contact(d.tier === 'VIP' ? 'consultant' : 'technician')}: ${shown(d.customer.contact, t, 120)}` });
  }
  const { doc } = page;
  const inner = WIDTH - 16;
  const heights = lines.map((line) => {
    doc.font(line.bold ? 'bold' : 'regular').fontSize(BODY_SIZE);
    return doc.heightOfString(line.text, { width: inner }) + 2;
  });
  const height = heights.reduce((a, b) => a + b, 0) + 12;
  page.room(height);
  doc.save().rect(MARGIN.left, page.y, WIDTH, height).fillAndStroke(SHADE, RULE).restore();
  let y = page.y + 6;
  lines.forEach((line, i) => {
    page.y = y;
    page.text(line.text, { x: MARGIN.left + 8, width: inner, bold: line.bold ?? false });
    y += heights[i]!;
  });
  page.y = y + 6 + 14;
}

/**
 * One table row: each cell in its column, wrapped when it is wider; the row as high as its highest cell.
 * Most cells (dates, times, amounts, short names) fit on one line: they are measured once per text and drawn
 * without pdfkit's line wrapper, which was most of the time of a long statement.
 */
function row(page: PageWriter, columns: Column[], cells: string[], options: { bold?: boolean; shade?: boolean; onNewPage?: () => void } = {}): void {
  const { doc } = page;
  const font = options.bold ? 'bold' : 'regular';
  doc.font(font).fontSize(TABLE_SIZE);
  const lineHeight = doc.currentLineHeight();
  const widths = cells.map((cell) => (cell === '' ? 0 : page.width(font, cell)));
  let height = lineHeight;
  cells.forEach((cell, i) => {
    if (widths[i]! > columns[i]!.width - 2 * PAD) height = Math.max(height, doc.heightOfString(cell, { width: columns[i]!.width - 2 * PAD, lineGap: 0 }));
  });
  height += 2 * PAD;
  page.room(height, options.onNewPage);
  if (options.shade) doc.save().rect(MARGIN.left, page.y, WIDTH, height).fill(SHADE).restore();
  doc.font(font).fontSize(TABLE_SIZE).fillColor('black');
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    const column = columns[i]!;
    const inner = column.width - 2 * PAD;
    if (cell === '') {
      // nothing to draw
    } else if (widths[i]! <= inner) {
      const left = column.align === 'right' ? x + PAD + inner - widths[i]! : x + PAD;
      doc.text(cell, left, page.y + PAD, { lineBreak: false });
    } else {
      doc.text(cell, x + PAD, page.y + PAD, { width: inner, align: column.align, lineGap: 0 });
    }
    x += column.width;
  });
  page.y += height;
  doc.save().moveTo(MARGIN.left, page.y).lineTo(MARGIN.left + WIDTH, page.y).lineWidth(0.4).strokeColor(RULE).stroke().restore();
}

function section(page: PageWriter, title: string): void {
  page.room(BODY_SIZE * 4);
  page.y += page.text(title, { bold: true, size: 10.5 }) + 4;
}

function workTable(page: PageWriter, d: StatementDocument, t: Messages, language: Language): void {
  section(page, t.work);
  if (d.lines.length === 0) {
    page.y += page.text(t.noWork, { color: GREY }) + 14;
    return;
  }
  const c = t.columns;
  const head = [c.date, c.time, c.technician, c.activity, c.description, c.duration, c.billing];
  const printHead = () => row(page, WORK_COLUMNS, head, { bold: true, shade: true });
  printHead();
  const perYear = d.sessions?.perYear ?? 0;
  for (const line of d.lines) {
    const activity = line.activity === null ? '' : shown(d.activities[line.activity]?.[language] ?? line.activity, t, 120);
    row(page, WORK_COLUMNS, [
      t.date(line.date),
      timeSpan(line.start, line.end),
      shown(line.technician, t, 120),
      activity,
      shown(line.description, t),
      t.duration(line.minutes),
      billing(line, t, perYear),
    ], { onNewPage: printHead });
  }
  page.y += 14;
}

function billing(line: DocumentLine, t: Messages, perYear: number): string {
  const parts: string[] = [];
  if (line.class === 'SESSION' && line.session !== null) {
    parts.push(t.session(line.session, perYear));
    if (line.unit !== null) parts.push(t.overAllowance);
  } else {
    parts.push(line.class === 'FREE' ? t.free : t.paid(line.caseId === null ? null : shown(line.caseId, t, 60)));
  }
  if (line.manual) parts.push(t.manual);
  return parts.join(', ');
}

function unitsTable(page: PageWriter, d: StatementDocument, t: Messages): void {
  if (d.units.length === 0) return;
  section(page, t.units(d.stepMinutes));
  const c = t.unitColumns;
  const head = [c.case, c.role, c.worked, c.billed, c.covered, c.charged, c.rate, c.amount];
  const printHead = () => row(page, UNIT_COLUMNS, head, { bold: true, shade: true });
  printHead();
  for (const unit of d.units) {
    row(page, UNIT_COLUMNS, [
      unit.caseId === null ? t.noCase(unit.firstDate) : shown(unit.caseId, t, 60),
      t.role(unit.role),
      t.duration(unit.paidMinutes),
      t.duration(unit.roundedMinutes),
      t.duration(unit.coveredMinutes),
      t.duration(unit.chargedMinutes),
      t.amount(unit.ratePerHour),
      t.amount(unit.amount),
    ], { onNewPage: printHead });
  }
  page.y += 14;
}

function totals(page: PageWriter, d: StatementDocument, t: Messages): void {
  // A customer without a package pays for its work only.
  const noPackage = d.tier === 'NONE' && d.packageFee === 0;
  const rows: [string, string, boolean][] = noPackage ? [] : [[t.packageFee(t.tier(d.tier)), t.amount(d.packageFee), false]];
  if (d.topUpBlocks > 0) rows.push([t.topUpFee(d.topUpBlocks), t.amount(d.topUpFee), false]);
  rows.push([noPackage ? t.paidWork(d.chargedMinutes) : t.workAmount(d.chargedMinutes), t.amount(d.workAmount), false]);
  rows.push([t.total, t.amount(d.totalAmount), true]);
  const columns: Column[] = [{ width: WIDTH - 220 - 90, align: 'left' }, { width: 220, align: 'left' }, { width: 90, align: 'right' }];
  page.room(rows.length * (TABLE_SIZE + 8) + 8);
  for (const [label, amount, bold] of rows) row(page, columns, ['', label, amount], { bold, shade: bold });
}

function footers(doc: PDFKit.PDFDocument, d: StatementDocument, t: Messages, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const y = PAGE.height - MARGIN.bottom + 18;
    doc.font('regular').fontSize(7).fillColor(GREY);
    // Below the bottom margin: without lineBreak and a height, pdfkit would start another page for it.
    doc.text(`${d.supplier.name} · ${title} · ${t.invoiceKey} ${d.invoiceKey}`, MARGIN.left, y, { lineBreak: false, width: WIDTH - 80, height: 10 });
    doc.text(t.page(i + 1, range.count), MARGIN.left + WIDTH - 80, y, { lineBreak: false, width: 80, align: 'right', height: 10 });
  }
}
