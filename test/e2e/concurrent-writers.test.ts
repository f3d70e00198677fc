import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { EXIT } from '../../src/cli/exit-codes.js';
import { LOCK_DIR } from '../../src/io/folder-lock.js';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, REPO, runCli } from './run-cli.js';

// Issue 13, part 1: one writer per output folder. Six runs started at once into one empty folder, three with
// one log and three with the same log but one entry's minutes changed, must leave a month that verifies and
// is exactly one input's bill; the others say "already billed" (same input) or exit 7 (the other input).

const BIN = join(REPO, 'bin/ipex-bill.js');
const SAMPLE = join(REPO, 'fixtures/sample');

/** A workspace with the sample inputs, log `b.csv` = `a.csv` with entry E0102 one minute longer. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-writers-'));
  for (const name of ['work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) cpSync(join(SAMPLE, name), join(dir, name));
  const log = readFileSync(join(SAMPLE, 'work-log-2024-05.csv'), 'utf8');
  const changed = log.replace('E0102,T-0110,C01,2024-05-02,13:30,,25,', 'E0102,T-0110,C01,2024-05-02,13:30,,26,');
  expect(changed).not.toBe(log);
  writeFileSync(join(dir, 'a.csv'), log);
  writeFileSync(join(dir, 'b.csv'), changed);
  // Without PDFs, which only lengthen each writer's turn: the lock is the point here.
  const args = (log: string, out: string) => [
    'run', '--month', '2024-05', '--no-pdf', '--logs', log, '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', out,
  ];
  return { dir, args };
}

/** Start the built CLI without waiting for it. */
function start(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
  return { child, done };
}

/** Every line a run printed on stderr is a sentence of the tool, never a system error or a stack trace. */
function expectSentences(stderr: string) {
  expect(stderr).not.toMatch(/\bE[A-Z]{3,}\b|errno|syscall|\n\s+at \S|internal error/);
  for (const line of stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^(ipex-bill: |Nothing was written|month's run| {2}|2024-05 is already billed|Wrote |Not billed)/);
}

describe('two writers of one output folder at once (issue 13)', () => {
  it('six writers with two inputs at once, three times: the month verifies and is exactly one input\u2019s bill', async () => {
    const ws = workspace();
    // Each input billed alone, for the byte-for-byte comparison (in this process: only the writers at once
    // need processes of their own).
    const alone: Record<string, Record<string, string>> = {};
    for (const log of ['a.csv', 'b.csv']) {
      mkdirSync(join(ws.dir, `alone-${log}`));
      expect((await cli(ws.args(log, `alone-${log}`), { cwd: ws.dir })).status).toBe(0);
      alone[log] = monthOutputs(join(ws.dir, `alone-${log}`, '2024-05'));
    }
    for (let round = 0; round < 3; round++) {
      const out = `out-${round}`;
      mkdirSync(join(ws.dir, out));
      const logs = ['a.csv', 'b.csv', 'a.csv', 'b.csv', 'a.csv', 'b.csv'];
      const runs = await Promise.all(logs.map((log) => start(ws.args(log, out), ws.dir).done));
      const verify = await cli(['verify', join(out, '2024-05')], { cwd: ws.dir });
      expect(verify.stderr).toBe('');
      expect(verify.status).toBe(0);
      const published = monthOutputs(join(ws.dir, out, '2024-05'));
      const winner = Object.keys(alone).find((log) => JSON.stringify(alone[log]) === JSON.stringify(published));
      expect(winner, 'the month is byte for byte one input billed alone').toBeDefined();
      // Only one version was written; nothing else is left in the folder (no staging folder, no lock).
      expect(readdirSync(join(ws.dir, out)).sort()).toEqual(['2024-05', '2024-05.v1']);
      runs.forEach((run, i) => {
        const same = logs[i] === winner;
        expect(run.status, run.stderr).toBe(same ? EXIT.OK : EXIT.MONTH_CLOSED);
        if (same) expect(run.stderr).toMatch(/^Wrote out-\d\/|2024-05 is already billed/m);
        else expect(run.stderr).toContain('2024-05 is already billed (version 1');
        expectSentences(run.stderr);
      });
      expect(runs.filter((run) => run.stderr.includes('Wrote '))).toHaveLength(1);
    }
  }, 120_000);

  it('a writer killed with SIGKILL while it holds the lock does not block the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-killed-'));
    // The lock is taken once the logs are read: billing and writing 30 customers' month hold it for about half
    // a second, and the holder's file is looked for every 10 ms.
    const { files } = generate(3_000, dir);
    const args = ['run', '--month', '2024-05', '--no-pdf', '--logs', files[0]!, '--customers', files[1]!, '--topups', files[2]!, '--out', 'out', '--quiet'];
    mkdirSync(join(dir, 'out'));
    const writer = start(args, dir);
    const holderFile = join(dir, 'out', LOCK_DIR, 'holder.json');
    const deadline = Date.now() + 60_000;
    // The holder's file may be seen between its creation and its content being written: wait for both.
    const readHolder = () => {
      try {
        return JSON.parse(readFileSync(holderFile, 'utf8')) as unknown;
      } catch {
        return null;
      }
    };
    let holder = readHolder();
    while (holder === null && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 10));
      holder = readHolder();
    }
    expect(holder).toMatchObject({ pid: writer.child.pid, host: hostname(), command: expect.stringContaining('ipex-bill run --month 2024-05') });
    writer.child.kill('SIGKILL');
    expect((await writer.done).status).toBeNull();
    expect(existsSync(holderFile)).toBe(true); // the dead run's lock is still there

    const startedAt = Date.now();
    const next = await start([...args, '--wait', '30'], dir).done;
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    // The lock was taken over at once, not after the 10-minute staleness: the run took its usual few seconds.
    expect(Date.now() - startedAt).toBeLessThan(25_000);
    expect((await cli(['verify', 'out/2024-05'], { cwd: dir })).status).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
  }, 120_000);

  it('with --wait 0 a second writer exits 10 at once and names the holder; nothing is written', async () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, 'out'));
    // A live holder on this machine: this test process itself, as if it were another run.
    mkdirSync(join(ws.dir, 'out', LOCK_DIR));
    const since = new Date(Date.UTC(2026, 11, 1, 9, 15, 3)).toISOString();
    writeFileSync(
      join(ws.dir, 'out', LOCK_DIR, 'holder.json'),
      JSON.stringify({ pid: process.pid, host: hostname(), boot: null, since, command: 'ipex-bill run --month 2024-05 --out out', token: 'x' }),
    );
    const result = runCli([...ws.args('a.csv', 'out'), '--wait', '0'], { cwd: ws.dir });
    expect(result.status).toBe(EXIT.FOLDER_LOCKED);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ipex-bill: the output folder out is being written by another run: process ${process.pid} on ${hostname()}, since 2026-12-01 10:15:03 ` +
        '(ipex-bill run --month 2024-05 --out out); did not wait (--wait 0). Nothing was written. Run again when it has finished, or wait ' +
        'longer with --wait SECONDS. A lock left by a run that died is taken over by itself: at once on the same machine, after 10 minutes ' +
        'without a sign of life from another machine.\n',
    );
    expect(readdirSync(join(ws.dir, 'out'))).toEqual([LOCK_DIR]);
  });

  it('waits for the holder to finish, then decides afresh: the same inputs are "already billed"', async () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, 'out'));
    expect((await cli(ws.args('a.csv', 'out'), { cwd: ws.dir })).status).toBe(0);
    mkdirSync(join(ws.dir, 'out', LOCK_DIR));
    writeFileSync(
      join(ws.dir, 'out', LOCK_DIR, 'holder.json'),
      JSON.stringify({ pid: process.pid, host: hostname(), boot: null, since: new Date().toISOString(), command: 'ipex-bill run', token: 'x' }),
    );
    const waiting = start([...ws.args('a.csv', 'out'), '--wait', '20'], ws.dir).done;
    await new Promise((done) => setTimeout(done, 1500));
    // The holder finishes: its lock goes.
    const { rmSync } = await import('node:fs');
    rmSync(join(ws.dir, 'out', LOCK_DIR), { recursive: true });
    const result = await waiting;
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/2024-05 is already billed \(out\/2024-05\/, version 1, .*\); these inputs bill it identically, so nothing was written\.\n$/);
  }, 60_000);

  it('--wait takes whole seconds only (usage error otherwise)', async () => {
    const ws = workspace();
    const result = await cli([...ws.args('a.csv', 'out'), '--wait', 'soon'], { cwd: ws.dir });
    expect(result.status).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("option '--wait <seconds>' argument 'soon' is invalid. give a whole number of seconds");
  });
});
