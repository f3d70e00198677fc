import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, runCli } from './run-cli.js';

// Issue 14: writing a month of 5,000 entries or more without PDFs, the built CLI bills it on a second thread
// too, from the same shared columns, and has that thread make each statement's .txt, document and piece of the
// bill's hash; the sources the test runner runs make them on one thread. Both must write the same bytes.

describe.skipIf(availableParallelism() < 2)('a large month written with a second thread (issue 14)', () => {
  it('writes every file of May, after a closed April, byte for byte as one thread does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-two-threads-'));
    generate(6_000, dir);
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
    expect(runCli(['verify', 'threads/2024-05'], { cwd: dir }).status).toBe(0);
  }, 120_000);
});
