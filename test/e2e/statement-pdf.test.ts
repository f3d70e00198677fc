import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { cli } from '../helpers/in-process.js';
import { pdfPages, pdfText } from '../helpers/pdf-text.js';
import { statementBaseName } from '../../src/report/file-names.js';
import { REPO, runCli } from './run-cli.js';

// Issue 15: the PDF statement a customer receives (R11). The golden texts in
// fixtures/sample/expected/2024-05/statements/<customer>.pdf.txt are written by hand from the sample's
// numbers (worked out in sample-month.test.ts, the same as summary.csv and units.csv there): each of their
// lines must be on the page, in that order, as a reader extracts the text.

const SAMPLE = join(REPO, 'fixtures/sample');
const EXPECTED = join(SAMPLE, 'expected/2024-05/statements');
const CUSTOMERS = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C08', 'C09', 'C10', 'C11', 'C12'];

/** Text with runs of white space as one space, and the extractor's cell marks gone. */
const flat = (text: string) => text.replace(/ \| /g, ' ').replace(/\s+/g, ' ').trim();

/** Every line of `golden` in `text`, in order; the first one missing, or null. */
function missingInOrder(text: string, golden: string): string | null {
  const page = flat(text);
  let from = 0;
  for (const line of golden.split('\n').filter((l) => l.trim() !== '')) {
    const at = page.indexOf(flat(line), from);
    if (at === -1) return line;
    from = at + flat(line).length;
  }
  return null;
}

/** A Czech amount as the statement writes it, from summary.csv's `10300.00`. */
function czechAmount(csv: string): string {
  const [whole, cents] = csv.split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${cents === '00' ? '' : `,${cents}`} Kč`;
}

describe('the sample month as PDF statements (issue 15)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-pdf-'));
  const run = await cli(['run', '--month', '2024-05', '--out', out, '--quiet']);
  const folder = join(out, '2024-05');
  const pdf = (customer: string) => readFileSync(join(folder, 'statements', `${customer}.pdf`));
  const texts = new Map<string, string>();
  for (const customer of CUSTOMERS) texts.set(customer, await pdfText(pdf(customer)));

  it('writes one PDF per customer with a statement, listed in the manifest with documents.jsonl', () => {
    expect(run.status).toBe(0);
    expect(readdirSync(join(folder, 'statements')).filter((f) => f.endsWith('.pdf')).sort()).toEqual(CUSTOMERS.map((c) => `${c}.pdf`));
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    const files = manifest.outputs.map((o: { file: string }) => o.file);
    expect(files).toEqual(expect.arrayContaining(['documents.jsonl', ...CUSTOMERS.map((c) => `statements/${c}.pdf`)]));
    expect(readFileSync(join(folder, 'documents.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(CUSTOMERS.length);
  });

  it('writes documents.jsonl as statement-document@2: each line and unit an array of its values, in the documented order', () => {
    const c01 = JSON.parse(readFileSync(join(folder, 'documents.jsonl'), 'utf8').split('\n')[0]!);
    expect(c01.format).toBe('ipex-bill/statement-document@2');
    // E0101: 60 minutes of configuration (a technician's, paid) on case T-0110, C01's first paid unit.
    expect(c01.lines[0]).toEqual(['2024-05-02', '09:00', null, 'Jan Novák', 'technician', 'configuration', 'Změna IVR – nová fronta pro obchod', 60, 'PAID', false, 'T-0110', 1, null]);
    // T-0110's unit: 60 + 25 minutes of configuration, rounded to 90 (R4), all from C01's 600 included
    // minutes (R5), at the technician's 1 000 Kč an hour (R3).
    expect(c01.units[0]).toEqual([1, 'T-0110', '2024-05-02', 'technician', 85, 90, 90, 0, 100_000, 0]);
  });

  it.each(CUSTOMERS)('%s: the page says what its hand-written golden text says, in order', (customer) => {
    const golden = readFileSync(join(EXPECTED, `${customer}.pdf.txt`), 'utf8');
    expect(missingInOrder(texts.get(customer)!, golden)).toBeNull();
  });

  it('the total on every PDF is the total of summary.csv, with the invoice key of invoices.csv', () => {
    const summary = parse(readFileSync(join(folder, 'summary.csv')), { columns: true }) as Record<string, string>[];
    const invoices = parse(readFileSync(join(folder, 'invoices.csv')), { columns: true }) as Record<string, string>[];
    expect(summary.map((r) => r.customer)).toEqual(CUSTOMERS);
    for (const [i, row] of summary.entries()) {
      const text = flat(texts.get(row.customer!)!);
      expect(text).toContain(`Celkem bez DPH ${czechAmount(row.total_amount!)}`);
      expect(text).toContain(`K faktuře: ${invoices[i]!.invoice_key}`);
    }
  });

  it('shows no code a customer cannot read: no classes, activity codes, roles in English, file names or decision details', () => {
    for (const [customer, text] of texts) {
      expect(text, customer).not.toMatch(/\b(PAID|FREE|SESSION|NONE|user-support|configuration|development-consultation|billing-question|technician|consultant|manual|decision|keyword|catalogue)\b|\.csv/);
    }
    // C04's user support marked billable=no (a manual decision) reads as assessed individually.
    expect(missingInOrder(texts.get('C04')!, 'Chyba na naší straně\nzdarma, posouzeno\nindividuálně')).toBeNull();
  });

  it('renders identical bytes in a second run of the same inputs', async () => {
    const again = mkdtempSync(join(tmpdir(), 'ipex-bill-pdf-again-'));
    expect((await cli(['run', '--month', '2024-05', '--out', again, '--quiet'], { now: '2031-01-01T12:00:00+01:00' })).status).toBe(0);
    for (const customer of CUSTOMERS) expect(Buffer.compare(readFileSync(join(again, '2024-05', 'statements', `${customer}.pdf`)), pdf(customer)), customer).toBe(0);
  });

  it('ipex-bill statement renders each one again byte for byte, and says so', async () => {
    const here = mkdtempSync(join(tmpdir(), 'ipex-bill-statement-'));
    for (const customer of CUSTOMERS) {
      const result = await cli(['statement', customer, '--month', '2024-05', '--from', out], { cwd: here });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain(`identical to statements/${customer}.pdf as the run wrote it`);
      expect(Buffer.compare(readFileSync(join(here, `${customer}-2024-05.pdf`)), pdf(customer))).toBe(0);
    }
  });

  it('ipex-bill statement finds a customer by part of the name and renders it in English with --lang en', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ipex-bill-statement-')), 'c08.pdf');
    const result = await cli(['statement', 'morava', '--month', '2024-05', '--from', out, '--lang', 'en', '--out', file]);
    expect(result.status, result.stderr).toBe(0);
    const text = flat(await pdfText(readFileSync(file)));
    for (const line of [
      'Technical support statement — May 2024',
      'Period: 1 May 2024 – 31 May 2024 · Invoice key: 2024-05/C08',
      'Support package: VIP — guaranteed response within 4 hours',
      'Included hours: 6:00 h · Used: 6:00 h · Left: 0:00 h',
      'T-0806 consultant 0:45 h 0:45 h 0:15 h 0:30 h CZK 1,500 CZK 750',
      'Total excluding VAT CZK 6,750',
      'page 1 of 1',
    ]) expect(text).toContain(line);
    expect(text).not.toMatch(/Celkem|strana/);
  });

  it('an identical re-run of the closed month writes nothing and says so: the PDFs are not part of the comparison but stay as they were', async () => {
    const again = await cli(['run', '--month', '2024-05', '--out', out]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/2024-05 is already billed .*these inputs bill it identically, so nothing was written/);
    expect(Buffer.compare(pdf('C01'), readFileSync(join(folder, 'statements', 'C01.pdf')))).toBe(0);
  });

  it('ipex-bill statement on a month closed by version 0.1 (no documents): exit 5, saying how to get them', async () => {
    const result = await cli(['statement', 'C01', '--month', '2024-05', '--from', join(REPO, 'fixtures/closed-v1/out')]);
    expect(result.status).toBe(5);
    expect(result.stderr).toMatch(/has no statement documents: ipex-bill 0\.1\.0, which wrote it, did not write them\. run --month 2024-05 --reissue/);
  });

  it('ipex-bill statement: an unknown customer is exit 6, a month not billed exit 5, a damaged documents file exit 5', async () => {
    const unknown = await cli(['statement', 'nikdo', '--month', '2024-05', '--from', out]);
    expect(unknown).toMatchObject({ status: 6, stderr: 'ipex-bill: no customer with a statement in 2024-05 matches "nikdo" by id or name.\n' });
    const notBilled = await cli(['statement', 'C01', '--month', '2024-04', '--from', out]);
    expect(notBilled.status).toBe(5);
    expect(notBilled.stderr).toMatch(/^ipex-bill: 2024-04 has not been billed into /);

    const copy = mkdtempSync(join(tmpdir(), 'ipex-bill-edited-'));
    cpSync(out, copy, { recursive: true, verbatimSymlinks: true });
    const documents = join(copy, '2024-05', 'documents.jsonl');
    writeFileSync(documents, readFileSync(documents, 'utf8').replace('"totalAmount":1030000', '"totalAmount":1'));
    const edited = await cli(['statement', 'C01', '--month', '2024-05', '--from', copy]);
    expect(edited.status).toBe(5);
    expect(edited.stderr).toContain('documents.jsonl differs from what its manifest recorded (edited or damaged)');
    const verify = await cli(['verify', join(copy, '2024-05')]);
    expect(verify.status).toBe(8);
    expect(verify.stderr).toMatch(/ {2}documents\.jsonl has changed since it was written/);
    expect(verify.stderr.match(/documents\.jsonl/g)).toHaveLength(1);
  });

  it('verify checks that the documents say what the tables say, also when their hash was made to match', async () => {
    expect((await cli(['verify', folder])).status).toBe(0);
    const copy = mkdtempSync(join(tmpdir(), 'ipex-bill-forged-'));
    cpSync(out, copy, { recursive: true, verbatimSymlinks: true });
    const month = join(copy, '2024-05');
    const documents = readFileSync(join(month, 'documents.jsonl'), 'utf8').replace('"totalAmount":1030000', '"totalAmount":1');
    writeFileSync(join(month, 'documents.jsonl'), documents);
    const manifest = JSON.parse(readFileSync(join(month, 'manifest.json'), 'utf8'));
    const listed = manifest.outputs.find((o: { file: string }) => o.file === 'documents.jsonl');
    Object.assign(listed, { bytes: Buffer.byteLength(documents), sha256: createHash('sha256').update(documents).digest('hex') });
    writeFileSync(join(month, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const verify = await cli(['verify', month]);
    expect(verify.status).toBe(8);
    expect(verify.stderr).toContain('C01: documents.jsonl total (haléře): 1 where the summary says 1030000');
  });
});

describe('what the customer file adds to the page (issue 15)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-pdf-details-'));
  for (const name of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'topups.csv']) cpSync(join(SAMPLE, name), join(dir, name));
  // The sample's customer file with the new columns; C01, C03 and C04 fill them in.
  const details: Record<string, string> = {
    C01: '"Vídeňská 12, 639 00 Brno",12345678,CZ12345678,,Jana Malá',
    C03: '"Nádražní 5, Kolín",,,EN,Petr Dlouhý',
    C04: ',,,cs,Nikdo',
  };
  const [, ...rows] = readFileSync(join(SAMPLE, 'customers.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(
    join(dir, 'customers.csv'),
    ['customer,name,tier,valid_from,address,ico,dic,language,contact', ...rows.map((row) => `${row},${details[row.slice(0, 3)] ?? ',,,,'}`)].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'ipex-bill.config.json'), JSON.stringify({ supplier: { ico: '99887766', dic: 'CZ99887766', bank: '123456789/0300' } }));
  mkdirSync(join(dir, 'out'));
  const log = await cli(
    ['run', '--month', '2024-05', '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', '--quiet'],
    { cwd: dir },
  );
  const text = async (customer: string) => flat(await pdfText(readFileSync(join(dir, 'out', '2024-05', 'statements', `${customer}.pdf`))));

  it('shows address, IČO and DIČ, the supplier\u2019s from the config, and the assigned consultant of a VIP', async () => {
    expect(log.status, log.stderr).toBe(0);
    const c01 = await text('C01');
    for (const line of [
      'IPEX a.s. Velký zákazník a.s.',
      'Roháčova 77, Praha Vídeňská 12, 639 00 Brno',
      'IČO: 99887766 Zákaznické číslo: C01',
      'DIČ: CZ99887766 IČO: 12345678',
      'Bankovní spojení: 123456789/0300 DIČ: CZ12345678',
      'Přidělený konzultant: Jana Malá',
    ]) expect(c01).toContain(line);
  });

  it('writes in English for a customer marked language=en, with its assigned technician (PLUS); no contact for NONE', async () => {
    const c03 = await text('C03');
    expect(c03).toContain('Technical support statement — May 2024');
    expect(c03).toContain('Assigned technician: Petr Dlouhý');
    expect(c03).toContain('Total excluding VAT CZK 4,000');
    expect(await text('C04')).not.toContain('Nikdo');
  });
});

describe('PDFs of a larger month, rendered on threads by the built CLI (issue 15)', () => {
  it('every PDF total equals summary.csv, every page is numbered and repeats the table header; --no-pdf writes none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-pdf-many-'));
    // 26 customers of about 40 entries: more than the pool's threshold, and two or three pages each.
    const { files } = generate(1_040, dir, '2024-05', 26);
    mkdirSync(join(dir, 'out'));
    mkdirSync(join(dir, 'plain'));
    const inputs = ['--month', '2024-05', '--logs', files[0]!, '--customers', files[1]!, '--topups', files[2]!, '--quiet'];
    // The built binary, whose PDFs are rendered on the pool's threads; the rest in this process.
    expect(runCli(['run', ...inputs, '--out', 'out'], { cwd: dir }).status).toBe(0);
    expect((await cli(['verify', 'out/2024-05'], { cwd: dir })).status).toBe(0);
    const summary = parse(readFileSync(join(dir, 'out', '2024-05', 'summary.csv')), { columns: true }) as Record<string, string>[];
    expect(summary.length).toBeGreaterThan(24);
    let continued = 0;
    for (const row of summary) {
      const pages = await pdfPages(readFileSync(join(dir, 'out', '2024-05', 'statements', `${statementBaseName(row.customer!)}.pdf`)));
      expect(flat(pages.flat().join(' '))).toContain(`Celkem bez DPH ${czechAmount(row.total_amount!)}`);
      pages.forEach((lines, i) => {
        const page = flat(lines.join(' '));
        expect(page).toContain(`strana ${i + 1} z ${pages.length}`);
        // A page the work table continues on starts with its header again.
        if (i > 0 && /^\d+\. \d+\. 2024 /.test(lines[1] ?? '')) {
          expect(lines[0]).toBe('Datum Čas Pracovník Činnost Popis Trvání Účtování');
          continued++;
        }
      });
    }
    expect(continued).toBeGreaterThan(0);

    // Without PDFs the month still has its documents: statement makes the same PDF the other run wrote.
    expect((await cli(['run', ...inputs, '--out', 'plain', '--no-pdf'], { cwd: dir })).status).toBe(0);
    expect(readdirSync(join(dir, 'plain', '2024-05', 'statements')).some((f) => f.endsWith('.pdf'))).toBe(false);
    expect(readFileSync(join(dir, 'plain', '2024-05', 'documents.jsonl'))).toEqual(readFileSync(join(dir, 'out', '2024-05', 'documents.jsonl')));
    const customer = summary[0]!.customer!;
    const later = await cli(['statement', customer, '--month', '2024-05', '--from', 'plain', '--out', 'later.pdf'], { cwd: dir });
    expect(later.status, later.stderr).toBe(0);
    expect(later.stderr).toContain('written with --no-pdf');
    expect(readFileSync(join(dir, 'later.pdf'))).toEqual(readFileSync(join(dir, 'out', '2024-05', 'statements', `${statementBaseName(customer)}.pdf`)));
  }, 120_000);
});
