import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../src/cli/processes.js';
import { runCli } from '../../src/cli/program.js';
import { cli, NOT_INTERRUPTED } from '../helpers/in-process.js';
import { REPO } from '../e2e/run-cli.js';

// Issue 16: statements and the summary fit a terminal's width; a pipe keeps the full layout.

/** The CLI as on a terminal `columns` wide (COLUMNS as the environment gives it). */
async function onTerminal(args: string[], columns: number, env: Record<string, string> = {}) {
  let stdout = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: true, columns },
    stderr: { write: () => undefined },
    env: { NO_COLOR: '1', ...env },
    cwd: REPO,
    clock: () => Date.parse('2024-06-03T08:00:00+02:00'),
    pid: process.pid,
    isRunning,
    threads: 0,
    interruption: NOT_INTERRUPTED,
  });
  return { status, stdout };
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
const flat = (text: string) => text.replace(/\s+/g, ' ');
const SAMPLE_LINES = parse(readFileSync(join(REPO, 'fixtures/sample/expected/2024-05/lines.csv')), { columns: true }) as Record<string, string>[];

describe('the terminal\u2019s width (issue 16)', () => {
  it('fits every statement and the summary into 80 columns, with every description whole and no amount split', async () => {
    const { status, stdout } = await onTerminal(['run', '--month', '2024-05', '--statements', 'all'], 80);
    expect(status).toBe(0);
    expect(widest(stdout)).toBeLessThanOrEqual(80);
    // Descriptions wrap inside their column: every word, in order, is there.
    const text = flat(stdout);
    for (const line of SAMPLE_LINES) expect(text, line.entry_id).toContain(flat(line.description!));
    // The summary falls back to a block per customer; each figure stays on its line.
    expect(stdout).toMatch(/^C01 · Velký zákazník a\.s\. · VIP\n {2}fee 5 000 Kč · top-ups 3 800 Kč/m);
    expect(stdout).toMatch(/total 10 300 Kč/);
    expect(stdout).toMatch(/total 36 350 Kč/);
    for (const line of stdout.split('\n')) expect(line.trim().startsWith('Kč'), line).toBe(false);
  });

  it('takes COLUMNS before the terminal\u2019s own width, and --width before both; a wide terminal gets the table', async () => {
    expect(widest((await onTerminal(['run', '--month', '2024-05', '--statements', 'all'], 200, { COLUMNS: '90' })).stdout)).toBeLessThanOrEqual(90);
    expect(widest((await onTerminal(['run', '--month', '2024-05', '--statements', 'all', '--width', '100'], 80)).stdout)).toBeLessThanOrEqual(100);
    // Wide enough for the summary's table: the table, descriptions wrapped in the room the terminal has.
    const wide = await onTerminal(['run', '--month', '2024-05', '--statements', 'all'], 200);
    expect(wide.stdout).toContain('┌──');
    expect(widest(wide.stdout)).toBeLessThanOrEqual(200);
  });

  it('keeps the full layout in a pipe, whatever COLUMNS says', async () => {
    const piped = await cli(['run', '--month', '2024-05', '--statements', 'all'], { env: { COLUMNS: '80' } });
    expect(widest(piped.stdout)).toBeGreaterThan(120);
    expect(piped.stdout).toContain('┌──');
  });

  it('refuses a width too narrow to lay a statement out', async () => {
    const result = await cli(['run', '--month', '2024-05', '--width', '20']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('40 or more');
  });
});
