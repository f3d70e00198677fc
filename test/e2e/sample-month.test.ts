import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { REPO, runCli } from './run-cli.js';

// The sample month in fixtures/sample, worked out by hand (C = customer; units are case × role, R4; the
// draw-down is in order of each unit's first entry, R5; technician 1 000 CZK/h, consultant 1 500 CZK/h, R3):
//
// C01 VIP + 1 top-up block (R8): included 360 + 240 = 600. Sessions of 2024: T-0101 (Feb), T-0102 (Mar) from
//   the earlier log, so T-0112 is session 3 and T-0115 session 4 (T-0099 was in 2023 and does not count, R6).
//   T-0112: 100 + 50 min, 120 free → 30 paid; T-0115: 200 min, 120 free → 80 paid → 90.
//   units 90 (T-0110: 60+25) + 105 (T-0111 consultant 45+50) + 30 (T-0111 technician) + 30 + 45 (40) + 90 + 300
//   = 690; covered 600, the last unit (300) gets the 210 left and 90 charged = 1 500 CZK.
//   worked 940, free 30 outage + 10 billing + 240 session = 280. Total 5 000 + 3 800 + 1 500 = 10 300.
// C02 STANDARD: the worked example of BILLING-RULES.md: 2 200.
// C03 PLUS (180): diagnostics of T-0308 take the cause "customer" from an April entry (R2): 20 → 30;
//   three 5-minute calls → 15; T-0302 diagnostics 40 + 25 (cause zákazník) → 75; training 90; VPN 60.
//   270 billable: 30 + 15 + 75 = 120, 60 of the 90 covered, 30 + 60 charged = 1 500. Total 4 000.
// C04 NONE: configuration 25 + 10 → 45 charged = 750; billable=no turns user-support FREE (manual).
// C05 STANDARD until April, PLUS from 2024-05-01 (R9): 120 consultant + 75 (70) + 15 (billable=yes on a
//   billing question) = 210; covered 120 + 60, charged 15 + 15 technician = 500. Total 3 000.
// C06 PLUS, VIP only from 2024-05-15 (R9: PLUS all May): development consultation is PAID on PLUS:
//   30 + 60 (consultant) + 105 (100) = 195; 90 of the 105 covered, 15 charged = 250. Total 2 750.
// C08 VIP, sessions in Jan–Apr are 1–4: T-0804 continues April's session → PAID 40 → 45; T-0805 is
//   session 5 → PAID 90; T-0806 technician 200 → 210 and consultant 45. 45 + 90 + 210 = 345 covered,
//   the consultant unit gets 15 covered, 30 charged = 750; then 30 + 30 technician = 1 000. Total 6 750.
// C09 STANDARD, no work: the fee alone, 950 (R7). C07 (NONE, no work) gets no statement.
// C10 STANDARD from 2024-05-10 (first row inside the month, R9): 30 covered; 10:00–10:50 = 50 → 60,
//   30 covered, 30 charged = 500. Total 1 450.
// C11 STANDARD: 25 + 5 → 30 and 30 covered; training 45 charged = 750. Total 1 700.
// C12 PLUS: 45 + 60 + 30 = 135 ≤ 180, nothing charged. Total 2 500.
// All customers: 36 350 CZK.
const EXPECTED = join(REPO, 'fixtures/sample/expected/2024-05');

describe('billing the sample month end to end', () => {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
  const result = runCli(['run', '--month', '2024-05', '--out', out]);

  it('succeeds, finding its inputs through ipex-bill.config.json', () => {
    expect(result.stderr).toContain('Not billed: 9 entries: 8 dated before 2024-05 (used only to count consultation sessions and case causes); 1 dated after 2024-05.');
    expect(result.status).toBe(0);
  });

  it.each(['summary.csv', 'invoices.csv', 'lines.csv', 'units.csv'])('writes %s exactly as the golden file', (name) => {
    expect(readFileSync(join(out, '2024-05', name), 'utf8')).toBe(readFileSync(join(EXPECTED, name), 'utf8'));
  });

  it('writes a text and a PDF statement per customer with a statement, and no other files', () => {
    const files = readdirSync(join(out, '2024-05', 'statements')).sort();
    const customers = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C08', 'C09', 'C10', 'C11', 'C12'];
    expect(files).toEqual(customers.flatMap((c) => [`${c}.pdf`, `${c}.txt`]));
    expect(readdirSync(join(out, '2024-05')).sort()).toEqual(['documents.jsonl', 'invoices.csv', 'lines.csv', 'manifest.json', 'record.bin', 'statements', 'summary.csv', 'units.csv']);
    const text = readFileSync(join(out, '2024-05', 'statements', 'C01.txt'), 'utf8');
    expect(text).toContain('Consultation session 3 of 4 (case T-0112, started 2024-05-14): 2:00 h free of 2:00 h, 0:30 h paid');
    expect(text).toMatch(/Total \(CZK without VAT\) +10 300 Kč/);
    expect(text).not.toContain('\u001b[');
  });

  it('prints the statements and the summary without colours when not on a terminal', () => {
    expect(result.stdout).toContain('C02 · Pekárna U Nováků s.r.o. · 2024-05');
    expect(result.stdout).toMatch(/Total +│ 11 customers .*│ 36 350 Kč │/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  // The variants below in this process: the built binary is the run above.
  it('bills the same whatever the order of the log files (R13)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
    const swapped = await cli([
      'run', '--month', '2024-05', '--out', other, '--no-pdf',
      '--logs', 'fixtures/sample/work-log-2024-01-04.csv', '--logs', 'fixtures/sample/work-log-2024-05.csv',
    ]);
    expect(swapped.status).toBe(0);
    for (const name of ['summary.csv', 'lines.csv', 'units.csv', 'statements/C01.txt']) {
      expect(readFileSync(join(other, '2024-05', name), 'utf8')).toBe(readFileSync(join(out, '2024-05', name), 'utf8'));
    }
  });

  it('prints the same bill as JSON, money in haléře', async () => {
    const json = await cli(['run', '--month', '2024-05', '--json']);
    expect(json.status).toBe(0);
    const bill = JSON.parse(json.stdout);
    expect(bill).toMatchObject({ schema: 'ipex-bill/month-bill@2', month: '2024-05', totals: { total_amount_haler: 3_635_000 } });
    expect(bill.statements.find((s: { customer: string }) => s.customer === 'C02')).toMatchObject({ total_amount_haler: 220_000, work_amount_haler: 125_000 });
  });

  it('stops on the diagnostics whose cause is only in the earlier months\u2019 log when that log is left out (R2)', async () => {
    const onlyMay = await cli(['run', '--month', '2024-05', '--json', '--logs', 'fixtures/sample/work-log-2024-05.csv']);
    expect(onlyMay.status).toBe(4);
    expect(onlyMay.stdout).toBe('');
    expect(onlyMay.stderr).toContain('fixtures/sample/work-log-2024-05.csv:29:cause: diagnostics entry E0311: no entry of case T-0308');
  });
});
