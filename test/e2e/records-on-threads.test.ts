import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { RECORD_BYTES_FOR_THREADS } from '../../src/io/month-store.js';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, runCli } from './run-cli.js';

// Issue 14: the built CLI hashes and reads the records of closed months on threads when they are large
// enough; the sources the test runner runs read them on this thread. What is kept, what is refused and the
// month billed must be the same either way (R14: nothing billed twice, an edited entry reported).

const MONTHS = ['2024-03', '2024-04'];

/** Two closed months of generated work, and the logs of May: its own, and April's with one entry edited since. */
let workspace: string;
beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'ipex-bill-records-'));
  mkdirSync(join(workspace, 'out'));
  for (const month of [...MONTHS, '2024-05']) generate(8_000, join(workspace, month), month);
  for (const month of MONTHS) {
    const closed = await cli(['run', '--month', month, ...inputsOf(month, [month]), '--out', 'out', '--quiet', '--no-pdf'], { cwd: workspace });
    expect(closed.status, closed.stderr).toBe(0);
  }
  const april = readFileSync(join(workspace, '2024-04/work-log.csv'), 'utf8').split('\n');
  april[1] = april[1]!.replace(/"$/, ' (doplněno)"');
  writeFileSync(join(workspace, '2024-04/work-log.csv'), april.join('\n'));
  const records = MONTHS.reduce((sum, month) => sum + statSync(join(workspace, 'out', month, 'record.bin')).size, 0);
  expect(records).toBeGreaterThanOrEqual(RECORD_BYTES_FOR_THREADS);
}, 120_000);

function inputsOf(month: string, logs: readonly string[]): string[] {
  return [...logs.flatMap((log) => ['--logs', `${log}/work-log.csv`]), '--customers', `${month}/customers.csv`, '--topups', `${month}/topups.csv`];
}

/** A copy of the workspace, so that each run writes its own month folder. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-records-copy-'));
  cpSync(workspace, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

describe.skipIf(availableParallelism() < 2)('closed months read on threads (issue 14)', () => {
  it('bills the next month as when the records are read on one thread: April\'s entries not again, the edited one reported', async () => {
    const args = ['run', '--month', '2024-05', ...inputsOf('2024-05', ['2024-05', '2024-04']), '--out', 'out', '--no-pdf', '--statements', 'none'];
    const [threads, one] = [copy(), copy()];
    const onThreads = runCli(args, { cwd: threads });
    const here = await cli(args, { cwd: one });
    expect(onThreads.status, onThreads.stderr).toBe(0);
    expect(here.status, here.stderr).toBe(0);
    // Most of April's 8,000 entries were billed in April and are counted, not billed; the edited one is named.
    expect(Number(/(\d+) already billed by closed months/.exec(onThreads.stderr)?.[1])).toBeGreaterThan(7_000);
    const notes = (dir: string) => (JSON.parse(readFileSync(join(dir, 'out/2024-05/manifest.json'), 'utf8')) as { notes: string[] }).notes;
    expect(notes(threads).filter((n) => n.startsWith('entry E2024-04-1 was edited after 2024-04 billed it'))).toHaveLength(1);
    expect(notes(threads)).toEqual(notes(one));
    expect(onThreads.stdout).toBe(here.stdout);
    expect(onThreads.stderr).toBe(here.stderr);
    expect(monthOutputs(join(threads, 'out/2024-05'))).toEqual(monthOutputs(join(one, 'out/2024-05')));
  });

  it('refuses a month beside an edited record, naming it, as on one thread', async () => {
    const args = ['run', '--month', '2024-05', ...inputsOf('2024-05', ['2024-05']), '--out', 'out', '--quiet', '--no-pdf'];
    const [threads, one] = [copy(), copy()];
    for (const dir of [threads, one]) {
      const record = join(dir, 'out/2024-03/record.bin');
      const bytes = readFileSync(record);
      bytes[bytes.length - 3]! ^= 1;
      writeFileSync(record, bytes);
    }
    const onThreads = runCli(args, { cwd: threads });
    const here = await cli(args, { cwd: one });
    expect(onThreads.status).toBe(5);
    expect(onThreads.stderr).toContain('record.bin differs from what its manifest recorded (edited or damaged)');
    expect(onThreads.stderr).toBe(here.stderr);
    expect(here.status).toBe(5);
  });
});
