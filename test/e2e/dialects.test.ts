import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, REPO } from './run-cli.js';

// Issue 3: "the same data in any of these forms bills to byte-identical outputs". fixtures/dialects/ holds the
// sample month as Czech Excel writes it (Windows-1250, `;`, CRLF, D.M.YYYY, H:MM; and with times and durations
// as h:mm:ss, issue 16), as a tab-separated UTF-8
// file with a BOM and decimal hours, and with the start time inside the date column; see generate.mjs there.

/**
 * A month billed into a folder of its own. Without PDFs: each is rendered from its line of documents.jsonl,
 * which is compared (that a PDF is a function of that line: test/e2e/statement-pdf.test.ts).
 */
async function billFolder(folder: string, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-dialect-'));
  mkdirSync(join(out, 'out'));
  const args = ['run', '--month', '2024-05', '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', join(out, 'out'), '--no-pdf', ...extra];
  const result = await cli(args, { cwd: folder });
  return { result, month: join(out, 'out', '2024-05') };
}

describe('input dialects bill identically (issue 3)', () => {
  let canonical: Awaited<ReturnType<typeof billFolder>>;
  let expected: ReturnType<typeof monthOutputs>;
  beforeAll(async () => {
    canonical = await billFolder(join(REPO, 'fixtures/sample'));
    expected = monthOutputs(canonical.month);
  });

  it('bills the canonical sample', async () => {
    expect(canonical.result.status).toBe(0);
    expect(Object.keys(expected)).toContain('lines.csv');
  });

  it.each(['czech-excel', 'excel-times', 'czech-headers', 'tab-bom', 'time-in-date'])('%s: same statements, summary and files, byte for byte', async (form) => {
    const billed = await billFolder(join(REPO, 'fixtures/dialects', form));
    expect(billed.result.stderr).toBe(canonical.result.stderr.replace(canonical.month.replace(/\/2024-05$/, ''), billed.month.replace(/\/2024-05$/, '')));
    expect(billed.result.status).toBe(0);
    expect(billed.result.stdout).toBe(canonical.result.stdout);
    expect(monthOutputs(billed.month)).toEqual(expected);
  });

  it('activities written by their Czech names (R1, issue 15) bill as their codes: the same statements, summary, units, invoices and documents', async () => {
    // The sample's codes replaced by the names a Czech technician writes, in assorted spellings.
    const czech: Record<string, string> = {
      configuration: 'Konfigurace', project: 'projekty a studie nasazení', 'user-support': 'Podpora uživatelů', training: 'ŠKOLENÍ',
      outage: 'výpadek', 'advanced-diagnostics': 'Pokrocila diagnostika', diagnostics: 'diagnostika', 'basic-diagnostics': 'Základní diagnostika',
      'development-consultation': 'Konzultace k rozvoji systému', consultation: 'konzultace', 'billing-question': 'dotaz na cenu a vyúčtování',
      'sales-question': 'Obchodní dotaz', termination: 'ukončení služby', 'service-question': 'dotaz na funkčnost služeb', 'service-offer': 'nabídka nových služeb',
    };
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-czech-names-'));
    for (const file of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) {
      const text = readFileSync(join(REPO, 'fixtures/sample', file), 'utf8');
      writeFileSync(join(folder, file), file.startsWith('work-log') ? text.replace(/,([a-z-]+)(?=,[^,]*,[^,]*,)/g, (all, code: string) => (czech[code] ? `,${czech[code]}` : all)) : text);
    }
    expect(readFileSync(join(folder, 'work-log-2024-05.csv'), 'utf8')).toContain(',Konfigurace,');
    const billed = await billFolder(folder);
    expect(billed.result.status, billed.result.stderr).toBe(0);
    expect(billed.result.stdout).toBe(canonical.result.stdout);
    const files = monthOutputs(billed.month);
    for (const [path, content] of Object.entries(expected)) {
      // lines.csv and the records keep the activity as the log wrote it (log_activity); documents.jsonl (and so
      // the PDFs) says what was billed, so it is the same.
      if (path === 'lines.csv' || path === 'record.bin') continue;
      expect(files[path], path).toBe(content);
    }
    const lines = readFileSync(join(billed.month, 'lines.csv'), 'utf8');
    expect(lines).toContain(',configuration,PAID,');
    expect(lines).toContain(',konfigurace,'); // as read: activities are compared without case
  });

  it('records in the manifest how each input was read', async () => {
    const inputOf = async (form: string) => {
      const { month } = await billFolder(join(REPO, 'fixtures/dialects', form));
      const manifest = JSON.parse(readFileSync(join(month, 'manifest.json'), 'utf8'));
      return manifest.inputs.find((i: { file: string }) => i.file === 'work-log-2024-05.csv');
    };
    expect(await inputOf('czech-excel')).toMatchObject({ encoding: 'windows-1250', delimiter: 'semicolon' });
    expect(await inputOf('tab-bom')).toMatchObject({ encoding: 'utf-8-bom', delimiter: 'tab' });
  });

  it('names a column in a message as the file\'s header writes it, Czech names included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-czech-'));
    writeFileSync(join(folder, 'výkazy.csv'), 'ID;Tiket;Zákazník;Datum;Doba;Technik;Činnost;Příčina\nE1;T1;C01;3.5.2024;hodina;Jan;konfigurace;\nE2;T2;C01;3.5.2024;1:00;Jan;diagnostics;možná\n');
    writeFileSync(join(folder, 'zákazníci.csv'), 'Zákazník;Název;Tarif\nC01;Pekárna;STANDARD\n');
    const result = await cli(['run', '--month', '2024-05', '--logs', 'výkazy.csv', '--customers', 'zákazníci.csv'], { cwd: folder });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('výkazy.csv:2:Doba: "hodina" is not a duration');
    expect(result.stderr).toContain('výkazy.csv:3:Příčina: "možná" is not a cause (customer or ipex)');
  });

  it('reads a Windows-1250 file as UTF-8 only when told to, and then says why it cannot', async () => {
    const forced = await billFolder(join(REPO, 'fixtures/dialects/czech-excel'), ['--encoding', 'utf-8']);
    expect(forced.result.status).toBe(3);
    expect(forced.result.stderr).toContain('work-log-2024-05.csv:2: the file is not UTF-8 text, as --encoding utf-8 says');
  });

  it('uses the separator given with --delimiter instead of detecting it', async () => {
    const wrong = await billFolder(join(REPO, 'fixtures/dialects/czech-excel'), ['--delimiter', ',']);
    expect(wrong.result.status).toBe(3);
    expect(wrong.result.stderr).toContain('customers.csv:1: the header has no "customer" or "Zákazník" column');
    expect((await billFolder(join(REPO, 'fixtures/dialects/czech-excel'), ['--delimiter', ';'])).result.status).toBe(0);
  });
});
