import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { closedOffice, manifestOf } from '../helpers/closed-office.js';

// Issue 14: months closed by version 0.1 (manifest@1, the record in entries.csv, the bill hash over the JSON
// with the totals first) stay closed months. fixtures/closed-v1/out was written by that version from the sample.

// Without PDFs: these months had none, and a reissue writes them as any month's (test/e2e/statement-pdf.test.ts).
const INPUTS = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', '--no-pdf'];



describe('months closed by version 0.1 (manifest@1)', () => {
  it('are still the same bill: an identical re-run exits 0 and writes nothing', async () => {
    const dir = closedOffice('closed-v1');
    for (const month of ['2024-04', '2024-05']) {
      const result = await runInProcess(['run', '--month', month, ...INPUTS, '--quiet'], dir);
      expect(result.status, result.stderr).toBe(0);
    }
    const again = await runInProcess(['run', '--month', '2024-05', ...INPUTS, '--statements', 'none'], dir);
    expect(again.stderr).toMatch(/^2024-05 is already billed \(out\/2024-05\/, version 1, written 2026-12-01T13:46:\d\d\+01:00\); these inputs bill it identically, so nothing was written\.$/m);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-04', '2024-04.v1', '2024-05', '2024-05.v1']);
  });

  it('refuse a changed input with exit 7, naming the entry, as any closed month', async () => {
    const dir = closedOffice('closed-v1');
    const log = join(dir, 'work-log-2024-05.csv');
    // E0101 (C01, 60 minutes on 2 May) becomes 75 minutes.
    const edited = readFileSync(log, 'utf8').replace(/^(E0101,(?:[^,]*,){5})60,/m, '$175,');
    expect(edited).not.toBe(readFileSync(log, 'utf8'));
    writeFileSync(log, edited);
    const result = await runInProcess(['run', '--month', '2024-05', ...INPUTS], dir);
    expect(result.status).toBe(7);
    expect(result.stderr).toContain('E0101');
    expect(result.stderr).toMatch(/minutes 60 → 75/);
  });

  it('can be reissued: the new version is manifest@6 with record.bin and lines.csv as its record, the old one is kept as it was', async () => {
    const dir = closedOffice('closed-v1');
    const before = readFileSync(join(dir, 'out/2024-05.v1/manifest.json'), 'utf8');
    const result = await runInProcess(['run', '--month', '2024-05', ...INPUTS, '--reissue', 'new format', '--quiet'], dir);
    expect(result.status, result.stderr).toBe(0);
    expect(readlinkSync(join(dir, 'out/2024-05'))).toBe('2024-05.v2');
    const v2 = manifestOf(dir, '2024-05');
    expect(v2.format).toBe('ipex-bill/manifest@6');
    expect(v2.reissue).toEqual({ reason: 'new format', replaces_version: 1, previous_bill_sha256: manifestOf(dir, '2024-05.v1').bill_sha256 });
    // The same bill in the new layout: the same totals; the record is now record.bin and lines.csv, with no entries.csv or statement CSVs.
    expect(v2.totals).toEqual(manifestOf(dir, '2024-05.v1').totals);
    expect(v2.outputs.map((o: { file: string }) => o.file)).not.toContain('entries.csv');
    expect(v2.outputs.map((o: { file: string }) => o.file)).toContain('record.bin');
    expect(v2.outputs.map((o: { file: string }) => o.file).filter((f: string) => f.endsWith('.csv'))).toEqual(['summary.csv', 'invoices.csv', 'lines.csv', 'units.csv']);
    expect(readFileSync(join(dir, 'out/2024-05.v1/manifest.json'), 'utf8')).toBe(before);
    for (const folder of ['out/2024-05', 'out/2024-05.v1', 'out/2024-04']) expect((await runInProcess(['verify', folder], dir)).status).toBe(0);
    // And the reissued month is itself closed: the same inputs again write nothing.
    expect((await runInProcess(['run', '--month', '2024-05', ...INPUTS, '--quiet'], dir)).status).toBe(0);
  });

  it('count for the next month: nothing they billed is billed again, and a late entry of May is billed in June', async () => {
    const dir = closedOffice('closed-v1');
    writeFileSync(join(dir, 'work-log-2024-05.csv'), `${readFileSync(join(dir, 'work-log-2024-05.csv'), 'utf8')}E9001,T-9001,C03,2024-05-30,10:00,,35,Petr Svoboda,,configuration,,,Pozdní záznam\n`);
    const june = await runInProcess(['run', '--month', '2024-06', ...INPUTS, '--allow-empty', '--statements', 'none'], dir);
    expect(june.status, june.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'out/2024-06/lines.csv'), 'utf8').trimEnd().split('\n').slice(1);
    // On June's statements: the sample's one June entry (E9901) and the late one; every entry May and April
    // billed counts as billed.
    expect(lines.map((l) => l.split(',').slice(1, 3).join(' '))).toEqual(['C02 E9901', 'C03 E9001']);
    expect(lines[1]).toMatch(/,"late entry: dated 2024-05-30, after 2024-05 was billed",yes,/);
    const rows = manifestOf(dir, '2024-06').rows;
    expect(rows.late).toBe(1);
    expect(rows.already_billed).toBe(manifestOf(dir, '2024-05').rows.billed + manifestOf(dir, '2024-05').rows.free + manifestOf(dir, '2024-04').rows.billed + manifestOf(dir, '2024-04').rows.free);
  });
});
