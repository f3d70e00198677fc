import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { closedOffice, manifestOf, tablesBillHash } from '../helpers/closed-office.js';

// Issue 16: months closed in manifest@3 hashed their bill without the top-up advice that manifest@4 adds to
// it. fixtures/closed-v3/out was written by that version from the sample; they stay closed months.

const INPUTS = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out'];


describe('months closed in manifest@3 (issue 16)', () => {
  it('are still the same bill: an identical re-run exits 0 and writes nothing, and so does an identical reissue', async () => {
    const dir = closedOffice('closed-v3');
    expect(manifestOf(dir, '2024-05').format).toBe('ipex-bill/manifest@3');
    for (const month of ['2024-04', '2024-05']) {
      const again = await cli(['run', '--month', month, ...INPUTS, '--statements', 'none'], { cwd: dir });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toContain('these inputs bill it identically, so nothing was written');
    }
    const reissue = await cli(['run', '--month', '2024-05', ...INPUTS, '--statements', 'none', '--reissue', 'check'], { cwd: dir });
    expect(reissue.stderr).toContain('identically to version 1');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-04', '2024-04.v1', '2024-05', '2024-05.v1']);
  });

  it('show their billed figures in hours, from documents written before the top-up advice', async () => {
    const dir = closedOffice('closed-v3');
    const result = await cli(['hours', 'C01', '--month', '2024-05', ...INPUTS, '--json'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.billed_as).toMatchObject({ version: 1, would_differ_now: [] });
    expect(json.customers[0]).toMatchObject({ customer: 'C01', charged_amount_haler: 150_000, top_up_advice: null });
  });

  it('refuse a changed input with exit 7; a reissue writes manifest@6, whose bill hash is that of its tables', async () => {
    const dir = closedOffice('closed-v3');
    const log = join(dir, 'work-log-2024-05.csv');
    writeFileSync(log, readFileSync(log, 'utf8').replace(/^(E0101,(?:[^,]*,){5})60,/m, '$175,'));
    const changed = await cli(['run', '--month', '2024-05', ...INPUTS], { cwd: dir });
    expect(changed.status).toBe(7);
    expect(changed.stderr).toMatch(/minutes 60 → 75/);
    expect((await cli(['run', '--month', '2024-05', ...INPUTS, '--quiet', '--reissue', 'E0101 corrected'], { cwd: dir })).status).toBe(0);
    const v2 = manifestOf(dir, '2024-05');
    expect(v2).toMatchObject({ format: 'ipex-bill/manifest@6', version: 2, reissue: { replaces_version: 1 } });
    expect(v2.bill_sha256).toBe(tablesBillHash(join(dir, 'out', '2024-05')));
  });
});
