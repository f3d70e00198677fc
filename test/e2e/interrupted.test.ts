import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import type { Interruption } from '../../src/cli/context.js';
import { LOCK_DIR } from '../../src/io/folder-lock.js';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// A clerk's Ctrl-C, or cron's or systemd's SIGTERM, while a month is being written: the run stops at its next
// customer, removes the version it had begun and gives the output folder's lock back, so that nothing is left
// for the next run to clear. Exit 130 (SIGINT) or 143 (SIGTERM), as a shell reports a process they ended.

const BIN = fileURLToPath(new URL('../../bin/ipex-bill.js', import.meta.url));
const SAMPLE = join(REPO, 'fixtures/sample');
const SAMPLE_INPUTS = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', '--no-pdf'];

/** The sample's inputs and an empty output folder. */
function office(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-interrupted-'));
  for (const file of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) cpSync(join(SAMPLE, file), join(dir, file));
  mkdirSync(join(dir, 'out'));
  return dir;
}

/** An interruption that has already come (the signal arrived while the logs were read). */
const signalled = (name: 'SIGINT' | 'SIGTERM'): Interruption => {
  const stop = new AbortController();
  stop.abort(name);
  return { signal: stop.signal, guard: (work) => work() };
};

describe('an interrupted run (Ctrl-C, SIGTERM)', () => {
  it('writes nothing and leaves no staging folder or lock; the same run afterwards writes the month', async () => {
    const dir = office();
    const stopped = await cli(['run', '--month', '2024-05', ...SAMPLE_INPUTS], { cwd: dir, interruption: signalled('SIGTERM') });
    expect(stopped.status).toBe(143);
    expect(stopped.stderr).toBe('ipex-bill: interrupted (SIGTERM): nothing was written; what this run had begun to write is removed\n');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    const again = await cli(['run', '--month', '2024-05', ...SAMPLE_INPUTS, '--quiet'], { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
  });

  it('while reissuing a closed month keeps the version in force, and writes no new one', async () => {
    const dir = office();
    expect((await cli(['run', '--month', '2024-05', ...SAMPLE_INPUTS, '--quiet'], { cwd: dir })).status).toBe(0);
    const stopped = await cli(['run', '--month', '2024-05', ...SAMPLE_INPUTS, '--reissue', 'check'], { cwd: dir, interruption: signalled('SIGINT') });
    expect(stopped.status).toBe(130);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
    expect((await cli(['verify', 'out/2024-05'], { cwd: dir })).status).toBe(0);
  });

  it('the built CLI: SIGINT while the month folder is being written removes it; SIGINT while waiting for the lock ends at once', async () => {
    // 10,000 entries: the version is being written for more than half a second, long enough to be caught at it.
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-interrupted-'));
    generate(10_000, dir);
    mkdirSync(join(dir, 'out'));
    const args = ['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--treat-unresolved', 'paid', '--no-pdf', '--quiet'];
    const run = (extra: string[], when: () => boolean) =>
      new Promise<{ code: number | null; stderr: string; signalled: boolean }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args, ...extra], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        let signalled = false;
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const watch = setInterval(() => {
          if (!signalled && when()) {
            signalled = true;
            child.kill('SIGINT');
          }
        }, 2);
        child.on('exit', (code) => {
          clearInterval(watch);
          resolve({ code, stderr, signalled });
        });
      });
    const writing = await run(['--out', 'out'], () => readdirSync(join(dir, 'out')).some((name) => name.startsWith('.2024-05.partial-')));
    expect(writing.signalled).toBe(true);
    expect(writing.code).toBe(130);
    expect(writing.stderr).toContain('interrupted (SIGINT): nothing was written');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    // Nothing to undo yet: a run waiting for another run's lock (this test process, a live holder) ends at
    // once, not when its --wait is up, and leaves the holder's lock as it was.
    mkdirSync(join(dir, 'out', LOCK_DIR));
    const holder = JSON.stringify({ pid: process.pid, host: hostname(), boot: null, since: new Date().toISOString(), command: 'ipex-bill run', token: 'x' });
    writeFileSync(join(dir, 'out', LOCK_DIR, 'holder.json'), holder);
    const started = Date.now();
    const waiting = await run(['--out', 'out', '--wait', '30'], () => Date.now() - started > 800);
    expect(waiting).toMatchObject({ code: 130, signalled: true, stderr: '' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readdirSync(join(dir, 'out'))).toEqual([LOCK_DIR]);
    expect(readFileSync(join(dir, 'out', LOCK_DIR, 'holder.json'), 'utf8')).toBe(holder);
  }, 60_000);
});
