import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/run-cli.js';
import { runInProcess } from '../helpers/in-process.js';

// R12: "how many hours has X used this month" must equal what `run` bills for the same entries. For every
// customer of the sample month and several cut-off days, `hours X --as-of D` is compared with a `run` over
// the logs cut at D (rows dated after D removed from the files).
const LOGS = ['fixtures/sample/work-log-2024-05.csv', 'fixtures/sample/work-log-2024-01-04.csv'];
const CUSTOMERS = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10', 'C11', 'C12'];
const CUT_OFFS = ['2024-05-01', '2024-05-07', '2024-05-14', '2024-05-22', '2024-05-31'];

function logsCutAt(day: string): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-cut-'));
  return LOGS.map((log, index) => {
    const [header, ...rows] = readFileSync(join(REPO, log), 'utf8').trimEnd().split('\n');
    const kept = rows.filter((row) => row.split(',')[3]! <= day); // the sample log has no quoted commas before `date`
    const path = join(folder, `log-${index}.csv`);
    writeFileSync(path, [header, ...kept].join('\n') + '\n');
    return path;
  });
}

describe('hours equals run for the same entries (R12)', () => {
  it.each(CUT_OFFS)('for every customer, as of %s', async (day) => {
    // --allow-empty: cut at 1 May the logs have no entry of May yet, which run alone would refuse (issue 13).
    const run = await runInProcess(['run', '--month', '2024-05', '--json', '--allow-empty', ...logsCutAt(day).flatMap((p) => ['--logs', p])]);
    expect(run.status).toBe(0);
    const billed = new Map<string, Record<string, unknown>>(JSON.parse(run.stdout).statements.map((s: { customer: string }) => [s.customer, s]));

    for (const customer of CUSTOMERS) {
      const hours = await runInProcess(['hours', customer, '--month', '2024-05', '--as-of', day, '--json']);
      expect(hours.status, hours.stderr).toBe(0);
      const [usage] = JSON.parse(hours.stdout).customers;
      const statement = billed.get(customer) as Record<string, number | unknown[]> | undefined;
      if (!statement) {
        // No statement from run (R7: NONE without work): nothing used, nothing charged.
        expect(usage).toMatchObject({ tier: 'NONE', used_minutes: 0, charged_minutes: 0, charged_amount_haler: 0, units: [] });
        continue;
      }
      expect({
        included: usage.included_minutes, used: usage.used_minutes, left: usage.left_minutes, charged: usage.charged_minutes,
        amount: usage.charged_amount_haler, worked: usage.worked_minutes, free: usage.free_minutes,
        units: usage.units.map((u: Record<string, unknown>) => [u.unit, u.case_id, u.rounded_minutes, u.covered_minutes, u.charged_minutes, u.amount_haler]),
      }).toEqual({
        included: statement.included_minutes, used: statement.covered_minutes, left: statement.left_minutes, charged: statement.charged_minutes,
        amount: statement.work_amount_haler, worked: statement.worked_minutes, free: statement.free_minutes,
        units: (statement.units as Record<string, unknown>[]).map((u) => [u.unit, u.case_id, u.rounded_minutes, u.covered_minutes, u.charged_minutes, u.amount_haler]),
      });
    }
  });

  it('sees the month fill up: C01 has used 4:15 h of 10:00 on 15 May and all of it by the end', async () => {
    const mid = JSON.parse((await runInProcess(['hours', 'C01', '--month', '2024-05', '--as-of', '2024-05-15', '--json'])).stdout).customers[0];
    expect(mid).toMatchObject({ used_minutes: 255, left_minutes: 345, charged_minutes: 0, sessions: { used: 3, per_year: 4, left: 1 } });
    const end = JSON.parse((await runInProcess(['hours', 'C01', '--month', '2024-05', '--json'])).stdout).customers[0];
    expect(end).toMatchObject({ used_minutes: 600, left_minutes: 0, charged_minutes: 90, charged_amount_haler: 150_000, sessions: { used: 4, left: 0 } });
  });
});
