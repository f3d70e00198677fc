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
