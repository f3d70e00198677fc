import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// Issue 16: reissues accounting can follow. A reissue that changes nothing writes nothing; a real one says in
// invoices.csv which version it is and which it replaces.

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-reissue-'));
  for (const name of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) cpSync(join(REPO, 'fixtures/sample', name), join(dir, name));
  mkdirSync(join(dir, 'out'));
  const args = ['--month', '2024-05', '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', '--no-pdf'];
  return {
    dir,
    run: (...extra: string[]) => cli(['run', ...args, '--statements', 'none', ...extra], { cwd: dir }),
    invoices: () => parse(readFileSync(join(dir, 'out', '2024-05', 'invoices.csv')), { columns: true }) as Record<string, string>[],
    edit: (from: string, to: string) => {
      const log = join(dir, 'work-log-2024-05.csv');
      const text = readFileSync(log, 'utf8');
      expect(text).toContain(from);
      writeFileSync(log, text.replace(from, to));
    },
  };
}

describe('hours on a closed month (issue 16)', () => {
  const hours = (ws: ReturnType<typeof workspace>, ...extra: string[]) =>
    cli(['hours', '--month', '2024-05', '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', ...extra], { cwd: ws.dir });

  it('shows what the version in force billed, and says in one line when the logs given would now bill otherwise', async () => {
    const ws = workspace();
    expect((await ws.run()).status).toBe(0);
    const same = await hours(ws, 'C01');
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^C01 · Velký zákazník a\.s\. · 2024-05, as billed: version 1, written \d{4}-\d{2}-\d{2}\n/);
    expect(same.stdout).toContain('Charged beyond the package: 1:30 h = 1 500 Kč');
    expect(same.stderr).toBe('');

    // The log changes after the month was invoiced: hours keeps the invoiced figures and says so.
    ws.edit('E0101,T-0110,C01,2024-05-02,09:00,,60,', 'E0101,T-0110,C01,2024-05-02,09:00,,75,');
    const changed = await hours(ws, 'C01');
    expect(changed.stdout).toContain('Charged beyond the package: 1:30 h = 1 500 Kč');
    expect(changed.stderr).toBe("Note: the logs given would now bill 2024-05 differently for C01; the figures above are version 1's, as invoiced (run --month 2024-05 lists the changes).\n");
    // Another customer is not affected.
    expect((await hours(ws, 'C02')).stderr).toBe('');
    // --as-of inside the month asks what the logs say up to that day: billed from the logs, as before.
    expect((await hours(ws, 'C01', '--as-of', '2024-05-31')).stdout).toContain('as of 2024-05-31');

    // After the reissue the figures are version 2's: 1:45 h charged, 1 750 Kč (by hand: 15 more minutes at 1 000 Kč/h).
    expect((await ws.run('--reissue', 'E0101 was 75 minutes')).status).toBe(0);
    const reissued = await hours(ws, 'C01', '--json');
    const json = JSON.parse(reissued.stdout);
    expect(json.billed_as).toMatchObject({ version: 2, would_differ_now: [] });
    expect(json.customers[0]).toMatchObject({ customer: 'C01', charged_minutes: 105, charged_amount_haler: 175_000, used_minutes: 600 });
    expect(reissued.stderr).toBe('');
  });
});

describe('reissues (issue 16)', () => {
  it('writes nothing for a reissue that bills the month as the version in force, and says so', async () => {
    const ws = workspace();
    expect((await ws.run()).status).toBe(0);
    const before = readdirSync(join(ws.dir, 'out')).sort();
    const same = await ws.run('--reissue', 'checking');
    expect(same.status).toBe(0);
    expect(same.stderr).toMatch(/\n--reissue: these inputs bill 2024-05 identically to version 1 \(out\/2024-05\/, written [^)]+\), so nothing was written; version 1 stays in force\.\n$/);
    expect(readdirSync(join(ws.dir, 'out')).sort()).toEqual(before);
    expect(readlinkSync(join(ws.dir, 'out', '2024-05'))).toBe('2024-05.v1');
  });

  it('numbers the invoices of a real reissue and names the version they replace; a second identical reissue is refused as identical to it', async () => {
    const ws = workspace();
    expect((await ws.run()).status).toBe(0);
    expect(ws.invoices().map((r) => [r.invoice_key, r.version, r.replaces_version])).toContainEqual(['2024-05/C01', '1', '']);
    // C01's first entry grows from 60 to 75 minutes: T-0110 becomes 85 + 15 = 100 → 105 min, one more step for C01.
    ws.edit('E0101,T-0110,C01,2024-05-02,09:00,,60,', 'E0101,T-0110,C01,2024-05-02,09:00,,75,');
    const reissued = await ws.run('--reissue', 'E0101 was 75 minutes');
    expect(reissued.status, reissued.stderr).toBe(0);
    const v2 = ws.invoices();
    expect(new Set(v2.map((r) => `${r.version}/${r.replaces_version}`))).toEqual(new Set(['2/1']));
    // By hand: C01 had 600 included minutes all used and 90 charged (1 500 Kč); 15 more billed minutes are all
    // charged at 1 000 Kč/h: 250 Kč more, 10 550 Kč. Every other customer's invoice is unchanged.
    expect(v2.find((r) => r.customer === 'C01')!.net_amount).toBe('10550.00');
    expect(v2.find((r) => r.customer === 'C02')!.net_amount).toBe('2200.00');
    const v1 = parse(readFileSync(join(ws.dir, 'out', '2024-05.v1', 'invoices.csv')), { columns: true }) as Record<string, string>[];
    expect(v1.map((r) => r.version)).toEqual(v1.map(() => '1'));

    const again = await ws.run('--reissue', 'once more');
    expect(again.stderr).toContain('identically to version 2');
    expect(readdirSync(join(ws.dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1', '2024-05.v2']);
  });
});
