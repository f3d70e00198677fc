import { describe, expect, it } from 'vitest';
import * as fontkit from 'fontkit';
import { renderPdf } from '../../src/cli/render-pdf.js';
import { statementDocumentSchema, POLICY_SUPPLIER, type DocumentLine, type StatementDocument } from '../../src/formats/statement-document.js';
import { statementFonts } from '../../src/io/fonts.js';
import { MESSAGES } from '../../src/report/messages.js';
import { pdfPages, pdfText } from '../helpers/pdf-text.js';

// Issue 15: the statement PDF as a renderer of documents: every Czech letter, pages, languages, hostile text.

const CZECH = 'áčďéěíňóřšťúůýž ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ';

function line(overrides: Partial<DocumentLine> = {}): DocumentLine {
  return {
    date: '2024-05-02', start: '09:00', end: '10:30', technician: 'Jan Novák', role: 'technician', activity: 'configuration',
    description: 'Změna IVR', minutes: 90, class: 'PAID', manual: false, caseId: 'T-1', unit: 1, session: null, ...overrides,
  };
}

function document(overrides: Partial<StatementDocument> = {}): StatementDocument {
  return statementDocumentSchema.parse({
    format: 'ipex-bill/statement-document@1', month: '2024-05', invoiceKey: '2024-05/C1', language: 'cs', supplier: POLICY_SUPPLIER,
    customer: { id: 'C1', name: 'Pekárna U Nováků s.r.o.', address: null, ico: null, dic: null, contact: null },
    tier: 'STANDARD', responseHours: 24, stepMinutes: 15, tierMinutes: 60, topUpBlocks: 0, topUpMinutes: 0, includedMinutes: 60,
    coveredMinutes: 60, leftMinutes: 0, sessions: null,
    activities: { configuration: { cs: 'implementace a konfigurace', en: 'implementation and configuration' } },
    lines: [line()],
    units: [{ number: 1, caseId: 'T-1', firstDate: '2024-05-02', role: 'technician', paidMinutes: 90, roundedMinutes: 90, coveredMinutes: 60, chargedMinutes: 30, ratePerHour: 100000, amount: 50000 }],
    packageFee: 95000, topUpFee: 0, topUpAdvice: null, workedMinutes: 90, freeMinutes: 0, chargedMinutes: 30, workAmount: 50000, totalAmount: 145000,
    ...overrides,
  });
}

const flat = (text: string) => text.replace(/ \| /g, ' ').replace(/\s+/g, ' ');

/** Every key of a catalogue, nested ones as `columns.date`. */
function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    inner !== null && typeof inner === 'object' ? keysOf(inner as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  ).sort();
}

describe('the statement PDF', () => {
  it('has a message for every key in both languages, and no empty one', () => {
    expect(keysOf(MESSAGES.en)).toEqual(keysOf(MESSAGES.cs));
    for (const language of ['cs', 'en'] as const) {
      for (const key of keysOf(MESSAGES[language])) {
        const value = key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown>)[part], MESSAGES[language]);
        if (typeof value === 'string') expect(value, `${language}: ${key}`).not.toBe('');
      }
    }
  });

  it('keeps every Czech letter, also when the data has them decomposed (NFD)', async () => {
    const text = await pdfText(await renderPdf(document({
      customer: { id: 'C1', name: `Firma ${CZECH}`, address: 'Žďár nad Sázavou', ico: null, dic: null, contact: null },
      lines: [line({ description: `${CZECH} / ${CZECH.normalize('NFD')}`, technician: 'Řehoř Šťastný' })],
    })));
    expect(text).toContain(`Firma ${CZECH}`);
    expect(text).toContain(`${CZECH} /`);
    expect(text.split(CZECH).length - 1).toBeGreaterThanOrEqual(3); // the name, and the description twice
    expect(text).toContain('Žďár nad Sázavou');
    expect(text).toContain('Řehoř Šťastný');
  });

  it('embeds fonts that map every Czech letter to a glyph, and renders the same bytes every time', async () => {
    for (const bytes of Object.values(statementFonts())) {
      const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      for (const letter of CZECH.replace(' ', '')) expect(font.glyphForCodePoint(letter.codePointAt(0)!).id, letter).toBeGreaterThan(0);
    }
    const a = await renderPdf(document());
    const b = await renderPdf(document());
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('numbers its pages and repeats the work table\u2019s header on each page it continues on', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => line({ date: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}`, description: `Práce číslo ${i + 1}` }));
    const pages = await pdfPages(await renderPdf(document({ lines })));
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page.at(-1)).toMatch(new RegExp(`strana ${i + 1} z ${pages.length}$`));
      expect(flat(page.join(' '))).toContain('Datum Čas Pracovník Činnost Popis Trvání Účtování');
    });
    // Every line once, in order, across the pages.
    const all = flat(pages.flat().join(' '));
    let from = 0;
    for (let i = 1; i <= 150; i++) {
      const at = all.indexOf(`Práce číslo ${i} `, from);
      expect(at, `line ${i}`).toBeGreaterThan(-1);
      from = at;
    }
  });

  it('writes the same figures in English with --lang en', async () => {
    const text = flat(await pdfText(await renderPdf(document(), 'en')));
    for (const expected of ['Technical support statement — May 2024', 'Support package: STANDARD — guaranteed response within 24 hours',
      '2 May 2024 9:00–10:30 Jan Novák implementation and', 'paid, case T-1', 'STANDARD package fee CZK 950', 'Work beyond the package (0:30 h) CZK 500',
      'Total excluding VAT CZK 1,450', 'page 1 of 1']) expect(text).toContain(expected);
    const czech = flat(await pdfText(await renderPdf(document())));
    for (const expected of ['2. 5. 2024 9:00–10:30 Jan Novák implementace a', 'placeno, případ T-1', 'Paušál balíčku STANDARD 950 Kč', 'Celkem bez DPH 1 450 Kč']) expect(czech).toContain(expected);
  });

  it('shows hidden characters from the data spelled out, and cuts a pasted novel', async () => {
    const text = flat(await pdfText(await renderPdf(document({ lines: [line({ description: `Oprava \u202eevil\u202c a \u001b[2J ${'x'.repeat(2000)}` })] }))));
    expect(text).toContain('Oprava \\u202eevil\\u202c a \\x1b[2J');
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('(dalších 1');
    expect(text).toContain('znaků zkráceno)');
  });

  it('shows the VIP\u2019s consultations of the year and its top-up, and a session line', async () => {
    const text = flat(await pdfText(await renderPdf(document({
      tier: 'VIP', responseHours: 4, tierMinutes: 360, topUpBlocks: 2, topUpMinutes: 480, includedMinutes: 840, coveredMinutes: 90, leftMinutes: 750,
      sessions: { perYear: 4, usedThisYear: 1, year: 2024 },
      activities: { 'development-consultation': { cs: 'konzultace k rozvoji systému', en: 'consultation on system development' } },
      lines: [line({ activity: 'development-consultation', class: 'SESSION', session: 1, unit: null, role: 'consultant' })],
      units: [], packageFee: 500000, topUpFee: 760000, chargedMinutes: 0, workAmount: 0, totalAmount: 1260000,
    }))));
    for (const expected of ['Balíček podpory: VIP — garantovaná reakce do 4 hodin', 'Hodiny v ceně: 14:00 h, z toho dokoupeno 8:00 h (2 bloky)',
      'Čerpáno: 1:30 h · Zbývá: 12:30 h', 'Konzultace k rozvoji systému v roce 2024: využito 1 z 4, zbývají 3', 'konzultace 1 z 4',
      'Dokoupené hodiny (2 bloky) 7 600 Kč', 'Celkem bez DPH 12 600 Kč']) expect(text).toContain(expected);
  });
});
