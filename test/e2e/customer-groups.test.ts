import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { runInProcess } from '../helpers/in-process.js';
import { monthOutputs, REPO, runCli } from './run-cli.js';

// Issue 6: `run` bills a large month a group of customers at a time (IPEX_BILL_GROUP_CUSTOMERS customers
// per group) and puts the groups' outputs one after the other. Whatever the group size, every output must be the
// same, byte for byte, as billing the month in one piece: the written files, the manifest (but its time), the
// bill's hash, stdout and stderr. (`IPEX_BILL_GROUP_CUSTOMERS=1 npx vitest run` runs the whole suite so.)

const NOW = '2024-06-03T08:00:00+02:00';

/**
 * Run in a folder with a group size: a number is customers per part; `{ bytes }` is log bytes per part, ranges
 * of customers joined by size (undefined: the default, one part for these small logs).
 */
async function runIn(dir: string, args: readonly string[], groups?: number | { bytes: number }) {
  const env: Record<string, string> =
    groups === undefined ? {} : typeof groups === 'number' ? { IPEX_BILL_GROUP_CUSTOMERS: String(groups) } : { IPEX_BILL_GROUP_BYTES: String(groups.bytes) };
  return runInProcess(args, dir, NOW, env);
}

/** A written month's files, and its manifest without the time it was written. */
function written(out: string, month: string) {
  const folder = join(out, month);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  delete manifest.created_at;
  return { files: monthOutputs(folder), manifest };
}

/** A folder with a generated log of `entries` entries and the other inputs, and an empty output folder `whole`. */
function generatedInputs(entries: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
  generate(entries, dir);
  mkdirSync(join(dir, 'whole'));
  const inputs = ['--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--treat-unresolved', 'paid'];
  return { dir, inputs };
}

/** Parts of 1–9 customers, or of 200 bytes to 20 kB of log (ranges joined by size). */
const aPartSize = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.record({ bytes: fc.integer({ min: 200, max: 20_000 }) }));

describe('billing by groups of customers gives the same month (issue 6)', () => {
  it('on generated logs, for any group size: files, manifest, --json and the screen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 30, max: 400 }), aPartSize, async (entries, groupCustomers) => {
        const { dir, inputs } = generatedInputs(entries);
        mkdirSync(join(dir, 'grouped'));
        const whole = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'whole', '--json']);
        const grouped = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'grouped', '--json'], groupCustomers);
        expect(whole.status, whole.stderr).toBe(0);
        expect(grouped.stdout).toBe(whole.stdout);
        const { manifest } = written(join(dir, 'grouped'), '2024-05');
        expect(JSON.parse(grouped.stdout).statements.length).toBe(manifest.totals.statements);
        // The manifest's bill hash is the sha256 of the bill as --json prints it.
        expect(createHash('sha256').update(grouped.stdout).digest('hex')).toBe(manifest.bill_sha256);
        expect(grouped.stderr.replaceAll('grouped', 'whole')).toBe(whole.stderr);
        expect(written(join(dir, 'grouped'), '2024-05')).toEqual(written(join(dir, 'whole'), '2024-05'));

        const screen = ['run', '--month', '2024-05', ...inputs, '--statements', 'all'];
        expect(await runIn(dir, screen, groupCustomers)).toEqual(await runIn(dir, screen));
      }),
      { numRuns: 12 },
    );
  }, 120_000); // 12 × 4 runs of the CLI; on a busy shared machine more than vitest's default 5 s

  it('with earlier months closed, for any group size: the next month, an identical re-run, and a refused change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 60, max: 300 }), aPartSize, async (entries, groupCustomers) => {
        const { dir, inputs } = generatedInputs(entries);
        for (const closing of ['2024-03', '2024-04']) expect((await runIn(dir, ['run', '--month', closing, ...inputs, '--out', 'whole', '--allow-empty'])).status).toBe(0);
        cpSync(join(dir, 'whole'), join(dir, 'grouped'), { recursive: true, verbatimSymlinks: true });
        const both = async (args: string[]) => {
          const whole = await runIn(dir, [...args, '--out', 'whole']);
          const grouped = await runIn(dir, [...args, '--out', 'grouped'], groupCustomers);
          expect(grouped.status).toBe(whole.status);
          expect(grouped.stdout).toBe(whole.stdout);
          expect(grouped.stderr.replaceAll('grouped', 'whole')).toBe(whole.stderr);
          return whole;
        };
        expect((await both(['run', '--month', '2024-05', ...inputs])).status).toBe(0);
        expect(written(join(dir, 'grouped'), '2024-05')).toEqual(written(join(dir, 'whole'), '2024-05'));
        expect((await both(['run', '--month', '2024-05', ...inputs])).stderr).toMatch(/already billed/);
        // One entry of May gets longer: both refuse, naming it.
        const log = join(dir, 'work-log.csv');
        const changed = readFileSync(log, 'utf8').replace(/^(E\d+,[^,]*,[^,]*,2024-05-\d\d,[^,]*,[^,]*,)(\d+),/m, (_, head: string, minutes: string) => `${head}${Number(minutes) + 15},`);
        expect(changed).not.toBe(readFileSync(log, 'utf8'));
        writeFileSync(log, changed);
        expect((await both(['run', '--month', '2024-05', ...inputs])).status).toBe(7);
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('finds an entry id used by two customers in different groups, once, and sets both rows aside with --reject-invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    writeFileSync(join(dir, 'customers.csv'), 'customer,name,tier,valid_from\nA1,Alfa,STANDARD,\nB1,Beta,PLUS,\nC1,Gama,VIP,\n');
    writeFileSync(
      join(dir, 'work-log.csv'),
      'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n' +
        'E1,T1,A1,2024-05-02,09:00,,20,Jan,,configuration,,,první\n' +
        'E2,T2,B1,2024-05-03,09:00,,20,Jan,,configuration,,,druhý\n' +
        'E1,T3,C1,2024-05-04,09:00,,20,Jan,,configuration,,,stejné id\n',
    );
    const args = ['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv'];
    const refused = await runIn(dir, args, 1);
    expect(refused.status).toBe(3);
    expect(refused.stderr.match(/entry id "E1" is used again/g)).toHaveLength(1);
    expect(refused).toEqual(await runIn(dir, args));

    mkdirSync(join(dir, 'whole'));
    mkdirSync(join(dir, 'grouped'));
    expect((await runIn(dir, [...args, '--reject-invalid', '--out', 'whole'])).status).toBe(0);
    const grouped = await runIn(dir, [...args, '--reject-invalid', '--out', 'grouped'], 1);
    expect(grouped.status, grouped.stderr).toBe(0);
    expect(readFileSync(join(dir, 'grouped/2024-05/rejected.csv'), 'utf8').match(/^[^,]*,\d+/gm)).toEqual(['work-log.csv,2', 'work-log.csv,4']);
    expect(written(join(dir, 'grouped'), '2024-05')).toEqual(written(join(dir, 'whole'), '2024-05'));
  });

  it('bills nothing twice when an entry of a closed month has moved to a customer in another group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    cpSync(join(REPO, 'fixtures/sample'), dir, { recursive: true });
    const inputs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
    mkdirSync(join(dir, 'out'));
    expect((await runIn(dir, ['run', '--month', '2024-04', ...inputs, '--out', 'out'])).status).toBe(0);
    // After April is closed, its entry E0894 (C08) is edited to belong to C01, which is in another group.
    const log = join(dir, 'work-log-2024-01-04.csv');
    const edited = readFileSync(log, 'utf8').replace(/^(E0894,[^,]*,)C08,/m, '$1C01,');
    expect(edited).not.toBe(readFileSync(log, 'utf8'));
    writeFileSync(log, edited);
    cpSync(join(dir, 'out'), join(dir, 'out-grouped'), { recursive: true, verbatimSymlinks: true });

    const whole = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out'], undefined);
    const grouped = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out-grouped'], 1);
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stderr).toMatch(/was edited after 2024-04 billed it \(customer "C08" → "C01"\); not billed again/);
    expect(grouped.stdout).toBe(whole.stdout);
    expect(grouped.stderr.replaceAll('out-grouped', 'out')).toBe(whole.stderr);
    expect(written(join(dir, 'out-grouped'), '2024-05')).toEqual(written(join(dir, 'out'), '2024-05'));
  });

  it('leaves nothing in the output folder when a later part fails, although earlier parts were already written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    generate(200, dir);
    // A customer the customer file does not know, last in the order: found by the last part only.
    const log = join(dir, 'work-log.csv');
    writeFileSync(log, `${readFileSync(log, 'utf8')}E9999,T9999,ZZZ-NEW,2024-05-20,10:00,,30,Martin Beneš,,diagnostics,ipex,,"Nový zákazník"\n`);
    const inputs = ['--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--treat-unresolved', 'paid'];
    mkdirSync(join(dir, 'out'));
    const failed = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out'], 1);
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).toMatch(/ZZZ-NEW/);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    // The same for a problem found after every part is billed: a statement asked for that the month does not have.
    writeFileSync(log, readFileSync(log, 'utf8').replace(/\nE9999,.*\n$/, '\n'));
    const unknown = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out', '--customer', 'C999999'], 1);
    expect(unknown.status, unknown.stderr).toBe(6);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    expect((await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out'], 1)).status).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
  });

  it('stops with exit 5 and a clear message when the temporary folder cannot be used, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    mkdirSync(join(dir, 'out'));
    const result = runCli(['run', '--month', '2024-05', '--out', join(dir, 'out')], { env: { TMPDIR: join(dir, 'missing') } });
    expect(result.status).toBe(5);
    expect(result.stderr).toMatch(/^ipex-bill: cannot use the temporary folder .*missing: a folder or file it needs is not there.*set TMPDIR to a folder with room .*Nothing was written\.\n$/);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });

  it('refuses a group size that is not a whole number (exit 2), before reading anything', () => {
    for (const size of ['0', 'ten', '1.5']) {
      const result = runCli(['run', '--month', '2024-05'], { env: { IPEX_BILL_GROUP_CUSTOMERS: size } });
      expect(result).toMatchObject({ status: 2, stdout: '', stderr: 'ipex-bill: IPEX_BILL_GROUP_CUSTOMERS must be a whole number of customers, at least 1\n' });
      const bytes = runCli(['run', '--month', '2024-05'], { env: { IPEX_BILL_GROUP_BYTES: size } });
      expect(bytes).toMatchObject({ status: 2, stdout: '', stderr: 'ipex-bill: IPEX_BILL_GROUP_BYTES must be a whole number of bytes, at least 1\n' });
    }
  });
});
