import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, runCli } from './run-cli.js';

// Issue 14: a month of 5,000 entries or more (without PDFs) is billed and its outputs made in blocks of
// customers by two threads of the built CLI, each taking the next block nobody has taken, from the same
// shared columns (month-maker.ts); the sources the test runner runs do all of it on one thread. Both must
// write and say the same bytes.

describe.skipIf(availableParallelism() < 2)('a large month on a second thread (issue 14)', () => {
  it('writes every file of May, after a closed April, byte for byte as one thread does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-two-threads-'));
    generate(6_000, dir, '2024-05', 200); // seven blocks: the thread makes one to three (in trials)
    const inputs = ['--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--no-pdf', '--quiet'];
    for (const out of ['threads', 'one']) {
      mkdirSync(join(dir, out));
      // April closed first: May is billed with a closed month's records, which the thread reads shared too.
      expect((await cli(['run', '--month', '2024-04', ...inputs, '--out', out, '--allow-empty'], { cwd: dir })).status).toBe(0);
    }
    const threads = runCli(['run', '--month', '2024-05', ...inputs, '--out', 'threads'], { cwd: dir });
    expect(threads.status, threads.stderr).toBe(0);
    const one = await cli(['run', '--month', '2024-05', ...inputs, '--out', 'one'], { cwd: dir });
    expect(one.status, one.stderr).toBe(0);
    expect(threads.stderr).toBe(one.stderr);

    const written = monthOutputs(join(dir, 'threads', '2024-05'));
    expect(Object.keys(written).filter((f) => f.endsWith('.txt')).length).toBeGreaterThan(50);
    expect(written).toEqual(monthOutputs(join(dir, 'one', '2024-05')));
    const manifest = (out: string) => ({ ...JSON.parse(readFileSync(join(dir, out, '2024-05', 'manifest.json'), 'utf8')), created_at: null, tool: null });
    expect(manifest('threads')).toEqual(manifest('one'));
    expect((await cli(['verify', 'threads/2024-05'], { cwd: dir })).status).toBe(0);
  }, 120_000);

  it('bills a month without an output folder on both threads exactly as on one: the summary, the notes, and every problem (run, validate and hours)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-blocks-'));
    // 300 customers of 40 entries, ten blocks of them: the thread, started as the log is read, makes two to
    // five of them (in trials).
    generate(12_000, dir, '2024-05', 300);
    const args = ['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
    const same = async (command = args) => {
      const threads = runCli(command, { cwd: dir });
      const one = await cli(command, { cwd: dir });
      expect(threads.stderr).toBe(one.stderr);
      expect(threads.stdout).toBe(one.stdout);
      expect(threads.status).toBe(one.status);
      return one;
    };
    const billed = await same();
    expect(billed.status).toBe(0);
    expect(billed.stdout).toMatch(/C000300/);
    // hours bills the month the same way, every customer's usage in order.
    const inputs = args.slice(3);
    const hours = await same(['hours', '--all', '--month', '2024-05', '--as-of', '2024-05-20', ...inputs, '--json']);
    expect(hours.status).toBe(0);
    expect((JSON.parse(hours.stdout) as { customers: unknown[] }).customers).toHaveLength(300);

    // Problems in the first customer and in the last ones (whichever thread bills them): all reported, in the same order.
    appendFileSync(
      join(dir, 'work-log.csv'),
      [
        'E900001,T900001,C999999,2024-05-20,09:00,,30,Jan Novák,,configuration,,,Unknown customer at the end',
        'E900002,T900002,C000299,2024-05-20,10:00,,30,Jan Novák,,something-else,,,Activity nobody knows',
        'E5,T900003,C000001,2024-05-21,11:00,,30,Jan Novák,,configuration,,,An id used again',
        '',
      ].join('\n'),
    );
    const refused = await same();
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/C999999/);
    expect(refused.stderr).toMatch(/something-else/);
    expect(refused.stderr).toMatch(/"E5" is used again/);
    // validate bills the month the same way.
    const validated = await same(['validate', ...args.slice(1)]);
    expect(validated.status).toBe(3);
    expect(validated.stderr).toMatch(/C999999/);
  }, 120_000);
});
