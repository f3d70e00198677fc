import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, REPO } from './run-cli.js';

// Issue 13, parts 1 and 3: a published month whose files were damaged or lost is named file by file and can be
// replaced with --reissue; a month whose logs have no entry is not closed silently.

const SAMPLE = join(REPO, 'fixtures/sample');

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-damage-'));
  for (const name of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) cpSync(join(SAMPLE, name), join(dir, name));
  mkdirSync(join(dir, 'out'));
  const inputs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
  return {
    dir,
    out: join(dir, 'out'),
    cli: (...args: string[]) => cli(args, { cwd: dir }),
    // Without PDFs: a month's files are damaged, checked and replaced alike, and the PDFs are many more of them.
    bill: (month: string, ...extra: string[]) => cli(['run', '--month', month, ...inputs, '--out', 'out', '--no-pdf', ...extra], { cwd: dir }),
    hours: (...extra: string[]) => cli(['hours', 'C02', ...inputs, '--out', 'out', ...extra], { cwd: dir }),
  };
}

describe('a damaged published month (issue 13)', () => {
  it('with only manifest.json, the documents and statements left: verify, run and hours name what is missing; --reissue writes a complete new version and keeps the damaged one', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const good = monthOutputs(join(ws.out, '2024-05'));
    for (const file of ['summary.csv', 'invoices.csv', 'lines.csv', 'units.csv', 'record.bin']) rmSync(join(ws.out, '2024-05.v1', file));

    const verify = (await ws.cli('verify', 'out/2024-05'));
    expect(verify.status).toBe(EXIT.VERIFY_FAILED);
    for (const file of ['summary.csv', 'invoices.csv', 'lines.csv', 'units.csv', 'record.bin']) expect(verify.stderr).toContain(`  ${file} is missing\n`);

    const again = (await ws.bill('2024-05'));
    expect(again.status).toBe(EXIT.OUTPUT_FAILED);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      'ipex-bill: the closed month 2024-05 (out/2024-05/) is damaged:\n' +
        '  record.bin, the record of what the month billed, is missing or unreadable\n' +
        '  See every problem with: ipex-bill verify out/2024-05\n' +
        '  To replace it with a new complete version, bill 2024-05 again with --reissue "reason"; the damaged version is kept as out/2024-05.v1/.\n' +
        'ipex-bill: 2024-05 cannot be compared with what was written, so nothing was written.\n',
    );
    // The next month cannot be billed beside it either (its record says what May billed), and hours says so too.
    expect((await ws.bill('2024-06', '--allow-empty')).status).toBe(EXIT.OUTPUT_FAILED);
    expect((await ws.hours('--month', '2024-05')).status).toBe(EXIT.OUTPUT_FAILED);

    const reissued = (await ws.bill('2024-05', '--reissue', 'files lost in the backup restore'));
    expect(reissued.stderr).toMatch(/\nReissued out\/2024-05\/ as version 2; the damaged version 1 is kept in out\/2024-05\.v1\/\.\n$/);
    expect(reissued.status).toBe(0);
    expect(readlinkSync(join(ws.out, '2024-05'))).toBe('2024-05.v2');
    expect((await ws.cli('verify', 'out/2024-05')).status).toBe(0);
    // The same bill as version 1, as version 2, replacing it (issue 16: accounting corrects, not adds).
    const { 'invoices.csv': invoices, ...rest } = monthOutputs(join(ws.out, '2024-05'));
    const { 'invoices.csv': goodInvoices, ...goodRest } = good;
    expect(rest).toEqual(goodRest);
    expect(invoices).toBe(goodInvoices!.replace(/,1,\n/g, ',2,1\n'));
    expect(readdirSync(join(ws.out, '2024-05.v1')).sort()).toEqual(['documents.jsonl', 'manifest.json', 'statements']);
    const manifest = JSON.parse(readFileSync(join(ws.out, '2024-05', 'manifest.json'), 'utf8'));
    expect(manifest.reissue).toEqual({ reason: 'files lost in the backup restore', replaces_version: 1, previous_bill_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // From now on the month is closed as usual.
    expect((await ws.bill('2024-05')).stderr).toMatch(/already billed \(out\/2024-05\/, version 2/);
  });

  it('a missing summary.csv (record intact) is not called "already billed"', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    rmSync(join(ws.out, '2024-05.v1', 'summary.csv'));
    const again = (await ws.bill('2024-05'));
    expect(again.status).toBe(EXIT.OUTPUT_FAILED);
    expect(again.stderr).toContain('  summary.csv is missing\n');
    // Other months do not need May's summary: June bills beside it.
    expect((await ws.bill('2024-06', '--allow-empty')).status).toBe(0);
  });

  it('a plain folder without a manifest (restored by hand) is reissued as a new version; the old one keeps a version name', async () => {
    const ws = workspace();
    mkdirSync(join(ws.out, '2024-05'));
    writeFileSync(join(ws.out, '2024-05', 'summary.csv'), 'restored by hand\n');
    expect((await ws.bill('2024-05')).status).toBe(EXIT.OUTPUT_FAILED);
    const reissued = (await ws.bill('2024-05', '--reissue', 'rebuilt after the disk failure'));
    expect(reissued.status).toBe(0);
    expect(readdirSync(ws.out).sort()).toEqual(['2024-05', '2024-05.v1', '2024-05.v2']);
    expect(readFileSync(join(ws.out, '2024-05.v1', 'summary.csv'), 'utf8')).toBe('restored by hand\n');
    const manifest = JSON.parse(readFileSync(join(ws.out, '2024-05', 'manifest.json'), 'utf8'));
    expect(manifest.reissue).toEqual({ reason: 'rebuilt after the disk failure', replaces_version: 1, previous_bill_sha256: null });
    expect((await ws.cli('verify', 'out/2024-05')).status).toBe(0);
  });
});

describe('a month without work (issue 13)', () => {
  it('a mistyped --month is refused with exit 11, naming the month and what the logs cover; nothing is written', async () => {
    const ws = workspace();
    const result = (await ws.bill('2025-05'));
    expect(result.status).toBe(EXIT.NO_ENTRIES);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'ipex-bill: the work logs have no entry dated in 2025-05; they cover 2023-11-20 to 2024-06-03. Check --month and that the export is up to date. ' +
        'To bill 2025-05 with the package fees only, run again with --allow-empty. Nothing was written.\n',
    );
    expect(readdirSync(ws.out)).toEqual([]);
    // The same without --out, and for cron's --quiet.
    expect((await ws.cli('run', '--month', '2025-05', '--quiet', '--logs', 'work-log-2024-05.csv', '--customers', 'customers.csv')).status).toBe(EXIT.NO_ENTRIES);
  });

  it('--allow-empty bills the package fees only, on purpose; the manifest records no newest entry', async () => {
    const ws = workspace();
    const result = (await ws.bill('2024-07', '--allow-empty'));
    expect(result.status).toBe(0);
    const summary = readFileSync(join(ws.out, '2024-07', 'summary.csv'), 'utf8');
    // Each customer on a paid tier pays its fee (R7) and nothing more: C02 is STANDARD, 950 Kč.
    expect(summary).toContain('2024-07,C02,Pekárna U Nováků s.r.o.,STANDARD,950.00,0,0.00,60,0,0,0,0,0,0.00,950.00');
    expect(JSON.parse(readFileSync(join(ws.out, '2024-07', 'manifest.json'), 'utf8')).newest_entry_date).toBeNull();
  });

  it('warns when the newest entry of the month is more than 3 days before its end, also with --quiet; the manifest records it', async () => {
    const ws = workspace();
    // Keep only the entries up to 20 May.
    const [header, ...rows] = readFileSync(join(ws.dir, 'work-log-2024-05.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(ws.dir, 'work-log-2024-05.csv'), [header, ...rows.filter((row) => row.split(',')[3]! <= '2024-05-20')].join('\n') + '\n');
    const newest = rows.map((row) => row.split(',')[3]!).filter((date) => date <= '2024-05-20').sort().at(-1)!;
    const result = (await ws.bill('2024-05', '--quiet'));
    expect(result.status).toBe(0);
    const days = 31 - Number(newest.slice(8));
    expect(result.stderr).toBe(
      `ipex-bill: warning: the newest entry of 2024-05 is dated ${newest}, ${days} days before the month's last day; the export may be incomplete (was it taken before the month was over?).\n`,
    );
    expect(JSON.parse(readFileSync(join(ws.out, '2024-05', 'manifest.json'), 'utf8')).newest_entry_date).toBe(newest);
  });

  it('does not warn for the sample month, whose newest entry is of 30 May', async () => {
    const ws = workspace();
    const result = (await ws.bill('2024-05', '--quiet'));
    expect(result.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(ws.out, '2024-05', 'manifest.json'), 'utf8')).newest_entry_date).toBe('2024-05-30');
  });

  it('hours says the month has no entries instead of showing 0:00', async () => {
    const ws = workspace();
    const result = await ws.hours('--month', '2024-08');
    expect(result.status).toBe(EXIT.NO_ENTRIES);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'ipex-bill: no work-log entry is dated in 2024-08 (they cover 2023-11-20 to 2024-06-03), so there are no hours to count. Check --month and that the export is up to date.\n',
    );
    expect((await ws.cli('hours', '--all', '--month', '2024-08', '--logs', 'work-log-2024-05.csv', '--customers', 'customers.csv')).status).toBe(EXIT.NO_ENTRIES);
  });
});
