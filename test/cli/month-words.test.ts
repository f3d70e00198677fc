import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/run-cli.js';
import { runInProcess } from '../helpers/in-process.js';

// `--month previous|current` for the cron job, read against the clock in Prague (the clock is injected here).
describe('--month previous and current', () => {
  it('bills the month before today in Prague with "previous", exactly as the month named', async () => {
    const named = await runInProcess(['run', '--month', '2024-05']);
    expect(named.status).toBe(0);
    // 2024-05-31 22:30 UTC is already 1 June, 00:30 in Prague: "previous" is May, not April.
    expect(await runInProcess(['run', '--month', 'previous'], REPO, '2024-05-31T22:30:00Z')).toEqual(named);
    expect(await runInProcess(['run', '--month', 'current'], REPO, '2024-05-31T21:59:00Z')).toEqual(named);
    expect((await runInProcess(['run', '--month', 'previous'], REPO, '2024-05-31T21:59:00Z')).stdout).toContain('2024-04');
  });

  it('accepts the words in hours too, and rejects others with a usage error', async () => {
    const hours = await runInProcess(['hours', 'C02', '--month', 'previous'], REPO, '2024-06-10T08:00:00+02:00');
    expect(hours.status).toBe(0);
    expect(hours.stdout).toContain('2024-05');
    const bad = await runInProcess(['run', '--month', 'last']);
    expect(bad).toMatchObject({ status: 2, stdout: '' });
    expect(bad.stderr).toBe('ipex-bill: --month "last" is not a month; use YYYY-MM (e.g. 2024-05), previous or current\n');
  });
});

describe('hours with closed months (R12 with late entries)', () => {
  it('counts a late entry in the month run would bill it in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-hours-late-'));
    for (const name of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv']) cpSync(join(REPO, 'fixtures/sample', name), join(dir, name));
    mkdirSync(join(dir, 'out'));
    const inputs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv'];
    expect((await runInProcess(['run', '--month', '2024-05', ...inputs, '--out', 'out'], dir)).status).toBe(0);
    const log = join(dir, 'work-log-2024-05.csv');
    writeFileSync(log, `${readFileSync(log, 'utf8')}E7777,T-0777,C02,2024-05-29,10:00,,20,Jan Novák,,configuration,,,Dopsáno po uzávěrce\n`);

    const june = JSON.parse((await runInProcess(['run', '--month', '2024-06', ...inputs, '--out', 'out', '--json'], dir)).stdout);
    const hours = JSON.parse((await runInProcess(['hours', 'C02', '--month', '2024-06', ...inputs, '--out', 'out', '--json'], dir)).stdout);
    const c02 = june.statements.find((s: { customer: string }) => s.customer === 'C02');
    expect(c02.worked_minutes).toBe(50); // E9901 (June, 30) + the late E7777 (20)
    expect(hours.customers[0]).toMatchObject({ used_minutes: c02.covered_minutes + c02.charged_minutes, charged_minutes: c02.charged_minutes });
    // Without the closed months, hours would not know E7777 is late and would leave it out.
    const blind = JSON.parse((await runInProcess(['hours', 'C02', '--month', '2024-06', ...inputs, '--json'], dir)).stdout);
    expect(blind.customers[0].used_minutes).toBe(30);
  });
});
