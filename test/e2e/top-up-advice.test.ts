import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';

// Issue 16, R8: a VIP whose charged work cost more than a top-up block would have is told so, in the run's
// notes, in hours and in the --json bill; summary.csv keeps its columns.

describe('top-up advice (issue 16)', () => {
  it('says how much a block would have saved, by hand: 900 min of technician work for a VIP', async () => {
    // 360 included, 900 min on one case → 540 charged = 9 000 Kč. With a block: 600 included, 300 charged =
    // 5 000 Kč + 3 800 Kč = 8 800 Kč: 200 Kč less. C2 (VIP, 400 min: 45 charged = 750 Kč) gets no advice.
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-advice-'));
    writeFileSync(join(dir, 'log.csv'), 'id,case,customer,date,minutes,technician,activity\nE1,T1,C1,2024-05-02,600,Jan,configuration\nE2,T1,C1,2024-05-30,300,Jan,configuration\nE3,T2,C2,2024-05-30,400,Jan,configuration\n');
    writeFileSync(join(dir, 'customers.csv'), 'customer,name,tier\nC1,Call centrum,VIP\nC2,Hotel,VIP\n');
    mkdirSync(join(dir, 'out'));
    const inputs = ['--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv'];

    const run = await cli(['run', ...inputs, '--out', 'out', '--statements', 'none', '--no-pdf'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Note: C1: a 4 h top-up (3 800 Kč) would have cost 200 Kč less this month\n');
    expect(run.stderr).not.toContain('C2: a 4 h top-up');
    expect(readFileSync(join(dir, 'out', '2024-05', 'summary.csv'), 'utf8').split('\n')[0]).toBe(
      'month,customer,name,tier,package_fee,topup_blocks,topup_fee,included_minutes,worked_minutes,free_minutes,billable_minutes,covered_minutes,charged_minutes,work_amount,total_amount',
    );
    expect(JSON.parse(readFileSync(join(dir, 'out', '2024-05', 'manifest.json'), 'utf8')).notes).toContain('C1: a 4 h top-up (3 800 Kč) would have cost 200 Kč less this month');

    const json = JSON.parse((await cli(['run', ...inputs, '--json'], { cwd: dir })).stdout);
    expect(json.statements.map((s: { customer: string; top_up_advice: unknown }) => [s.customer, s.top_up_advice])).toEqual([
      ['C1', { blocks: 1, price_haler: 380_000, minutes: 240, saving_haler: 20_000 }],
      ['C2', null],
    ]);

    // hours, as the month stands (as of the 15th: 600 min, 240 charged = 4 000 Kč, the block saves 200 Kč too).
    const midMonth = await cli(['hours', 'C1', ...inputs, '--as-of', '2024-05-15'], { cwd: dir });
    expect(midMonth.stdout).toContain('A 4 h top-up (3 800 Kč) would have cost 200 Kč less this month so far.');
    // The closed month, as billed.
    const closed = await cli(['hours', 'C1', ...inputs, '--out', 'out', '--json'], { cwd: dir });
    expect(JSON.parse(closed.stdout).customers[0].top_up_advice).toEqual({ blocks: 1, price_haler: 380_000, minutes: 240, saving_haler: 20_000 });
  });
});
