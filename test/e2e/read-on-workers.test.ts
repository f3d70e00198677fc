import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { PIECE_BYTES } from '../../src/io/byte-source.js';
import { cli } from '../helpers/in-process.js';
import { runCli } from './run-cli.js';

// Issue 14: a log larger than two pieces is read on worker threads (one per core) by the built CLI; the
// sources the test runner runs read it on one thread. Both must bill alike. (That the pieces are appended in
// order, with their problems on the right lines, is tested without threads in test/io/read-on-workers.)

/**
 * A folder with a generated log of three pieces (long descriptions: few rows to bill, many bytes to read);
 * `edit` rewrites its lines (index 0 is the header).
 */
function workspace(edit: (lines: string[]) => string[] = (lines) => lines) {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-workers-'));
  generate(5_000, dir);
  const log = join(dir, 'work-log.csv');
  const padding = ' – zákazník popsal problém podrobně, technik prošel nastavení ústředny, směrování hovorů a fronty'.repeat(6);
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((line, index) => (index === 0 ? line : line.replace(/"$/, `${padding}"`)));
  writeFileSync(log, `${edit(lines).join('\n')}\n`);
  expect(readFileSync(log).length).toBeGreaterThan(2 * PIECE_BYTES);
  return { dir, args: ['--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'] };
}

/** The same command, by the built CLI (workers) and in this process (one thread). */
async function both(dir: string, args: readonly string[]) {
  const threads = runCli(args, { cwd: dir });
  const one = await cli(args, { cwd: dir });
  return { threads, one };
}

describe.skipIf(availableParallelism() < 2)('a large log read on worker threads (issue 14)', () => {
  it('bills a Czech Excel export (Windows-1250, semicolons) exactly as when read on one thread', async () => {
    const { dir, args } = workspace();
    const text = readFileSync(join(dir, 'work-log.csv'), 'utf8').replaceAll(',', ';');
    writeFileSync(join(dir, 'work-log.csv'), encodeWindows1250(text));
    expect(readFileSync(join(dir, 'work-log.csv')).length).toBeGreaterThan(2 * PIECE_BYTES);
    // The bill as JSON holds every entry with every field as read, each statement and the totals.
    const { threads, one } = await both(dir, ['run', ...args, '--json']);
    expect(threads.status, threads.stderr).toBe(0);
    expect(one.status).toBe(0);
    expect(threads.stdout.length).toBeGreaterThan(1_000_000);
    expect(threads.stdout).toBe(one.stdout);
    expect(threads.stderr).toBe(one.stderr);
  });
});

/** Windows-1250 bytes of a text in Czech (the letters the generated log uses, and ASCII). */
function encodeWindows1250(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1250');
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from([...text].map((c) => table.get(c) ?? 0x3f));
}
