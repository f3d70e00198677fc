import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { STATEMENTS_ON_SCREEN } from '../../src/cli/commands/run.js';
import { runCli } from '../../src/cli/program.js';
import { NOT_INTERRUPTED, runInProcess } from '../helpers/in-process.js';

// Issue 6, the terminal at scale: beyond a screenful of customers `run` prints the summary and only the
// statements asked for; a progress line appears on a terminal's stderr for runs that take over a second.

const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-many-'));
const { customers } = generate(3_000, folder); // 30 customers: more than a screenful
const inputs = ['--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
const statementCount = (stdout: string) => (stdout.match(/^Tier /gm) ?? []).length;
const summaryRows = (stdout: string) => (stdout.match(/^│ C\d+ /gm) ?? []).length;

describe('statements on screen (issue 6)', () => {
  it('the generated month has more customers with statements than a screenful', async () => {
    const all = await runInProcess(['run', ...inputs, '--statements', 'all'], folder);
    expect(all.status).toBe(0);
    expect(summaryRows(all.stdout)).toBeGreaterThan(STATEMENTS_ON_SCREEN);
    expect(statementCount(all.stdout)).toBe(summaryRows(all.stdout));
    expect(customers.length).toBeGreaterThan(STATEMENTS_ON_SCREEN);
  });

  it('by default prints the whole summary and no statements, and says how to see them', async () => {
    const auto = await runInProcess(['run', ...inputs], folder);
    expect(auto.status).toBe(0);
    expect(statementCount(auto.stdout)).toBe(0);
    expect(summaryRows(auto.stdout)).toBeGreaterThan(STATEMENTS_ON_SCREEN);
    expect(auto.stderr).toMatch(/Summary only: \d+ statements are more than a screenful\. --customer ID prints one, --statements all prints every one\./);
  });

  it('--customer prints the statements asked for, in customer order', async () => {
    const [a, b] = [customers[5]!, customers[2]!];
    const some = await runInProcess(['run', ...inputs, '--customer', a, '--customer', b], folder);
    expect(some.status).toBe(0);
    expect(statementCount(some.stdout)).toBe(2);
    expect(some.stdout.indexOf(`${b} · `)).toBeLessThan(some.stdout.indexOf(`${a} · `));
    expect(some.stderr).not.toContain('Summary only');
  });

  it('--customer naming a customer without a statement stops with exit 6 before anything is written', async () => {
    const out = join(folder, 'out-unknown');
    mkdirSync(out);
    const result = await runInProcess(['run', ...inputs, '--customer', 'C999999', '--out', out], folder);
    expect(result.status).toBe(6);
    expect(result.stderr).toContain('--customer C999999: no statement for this customer in 2024-05; nothing was written');
    expect(readdirSync(out)).toEqual([]);
  });

  it('--statements none prints the summary only, without the note', async () => {
    const none = await runInProcess(['run', ...inputs, '--statements', 'none'], folder);
    expect(statementCount(none.stdout)).toBe(0);
    expect(none.stderr).not.toContain('Summary only');
  });

  it('a month that fits the screen prints every statement (the sample month)', async () => {
    const sample = await runInProcess(['run', '--month', '2024-05']);
    expect(statementCount(sample.stdout)).toBe(summaryRows(sample.stdout));
    expect(statementCount(sample.stdout)).toBeGreaterThan(0);
  });
});

describe('progress on stderr (issue 6)', () => {
  /** Run with a clock that moves 400 ms each time it is read, so the run "takes" seconds. */
  async function run(isTTY: boolean, extra: string[] = []) {
    let stderr = '';
    let now = Date.parse('2024-06-03T08:00:00+02:00');
    const status = await runCli(['run', ...inputs, ...extra], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text), isTTY },
      env: {},
      cwd: folder,
      clock: () => (now += 400),
      pid: process.pid,
      isRunning: () => true,
      threads: 0,
      interruption: NOT_INTERRUPTED,
    });
    return { status, stderr };
  }

  it('on a terminal, shows the step a long run is at on one line, and clears it before the notes', async () => {
    const { status, stderr } = await run(true);
    expect(status).toBe(0);
    const clear = '\r\u001b[K';
    expect(stderr).toMatch(new RegExp(`${clear.replace('[', '\\[')}ipex-bill: billing 2024-05… \\(\\d+\\.\\d s\\)`));
    const cleared = stderr.lastIndexOf(clear);
    expect(['Not billed', 'Summary only'].some((note) => stderr.startsWith(clear + note, cleared))).toBe(true);
    expect(stderr.slice(cleared + 4)).not.toContain('\r');
  });

  it('never in a pipe or cron mail, and never with --quiet', async () => {
    expect((await run(false)).stderr).not.toContain('\r');
    expect((await run(true, ['--quiet'])).stderr).toBe('');
  });
});
