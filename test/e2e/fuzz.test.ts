import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// Issue 3: "No input — binary file, empty file, header only, a 10 MB line, a wrong encoding — produces a stack
// trace or a half-written month." Random mutations of real fixture files go through the built CLI (`run`,
// `run --reject-invalid`, `validate`), in process; each must end in a documented exit code with plain messages, and a run
// that fails leaves the output folder empty. The seed is fixed so CI is repeatable; FUZZ_SEED and FUZZ_RUNS
// explore further (`FUZZ_SEED=$RANDOM FUZZ_RUNS=500 npx vitest run test/e2e/fuzz.test.ts`).

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_531);
const RUNS = Number(process.env.FUZZ_RUNS ?? 36);

/** The fixture sets mutated: a folder, the file names its command reads, and extra arguments. */
const TARGETS = [
  { folder: 'fixtures/sample', logs: ['work-log-2024-05.csv', 'work-log-2024-01-04.csv'], customers: 'customers.csv', topups: 'topups.csv', args: [] },
  { folder: 'fixtures/dialects/czech-excel', logs: ['work-log-2024-05.csv'], customers: 'customers.csv', topups: 'topups.csv', args: [] },
  { folder: 'fixtures/presets', logs: ['clockify/clockify-detailed-2024-05.csv'], customers: 'customers.csv', topups: null, args: ['--preset', 'clockify'] },
] as const;

type Mutation =
  | { kind: 'flip-byte'; at: number; byte: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const nasty = fc.constantFrom('"', ',', ';', '\t', '\n', '\r\n', '\0', '\u00ff', 'é', '""', '=1+1', '\ufeff', '\r', ' ', '-', ':', '.', '9999');
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip-byte' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(nasty, fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('delete-line' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: position }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * bytes.length);
  switch (m.kind) {
    case 'flip-byte':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([m.byte]), bytes.subarray(at + 1)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
    case 'truncate':
      return bytes.subarray(0, at);
    case 'delete-line':
    case 'duplicate-line': {
      const lines = bytes.toString('latin1').split('\n');
      const index = Math.floor(m.at * lines.length);
      lines.splice(index, m.kind === 'delete-line' ? 1 : 0, ...(m.kind === 'duplicate-line' ? [lines[index]!] : []));
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

const COMMANDS = ['run', 'run --reject-invalid', 'validate'] as const;
/**
 * What each command may end with: success, bad input, entries waiting for review, or (issue 13) a log with no
 * entry of the month left. Never 1 (a bug).
 */
const ALLOWED: readonly number[] = [EXIT.OK, EXIT.INVALID_INPUT, EXIT.UNRESOLVED, EXIT.NO_ENTRIES];

/** Copy a target's files, replace one with `bytes`, and run a command on them. */
async function runOn(target: (typeof TARGETS)[number], file: string, bytes: Buffer, command: (typeof COMMANDS)[number]) {
  const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-fuzz-'));
  cpSync(join(REPO, target.folder), folder, { recursive: true });
  writeFileSync(join(folder, file), bytes);
  const out = join(folder, 'out-fuzz');
  mkdirSync(out);
  const inputs = [...target.logs.flatMap((l) => ['--logs', l]), '--customers', target.customers, ...(target.topups ? ['--topups', target.topups] : []), ...target.args];
  const args =
    command === 'validate'
      ? ['validate', '--month', '2024-05', ...inputs]
      : ['run', '--month', '2024-05', ...inputs, '--out', out, ...(command === 'run --reject-invalid' ? ['--reject-invalid'] : [])];
  const result = (await cli(args, { cwd: folder }));
  return { ...result, out, args };
}

/** The outcome is one a user can act on: a documented code, no stack trace, nothing half-written. */
function expectCleanOutcome(result: Awaited<ReturnType<typeof runOn>>) {
  const context = `ipex-bill ${result.args.join(' ')}\n${result.stderr.slice(0, 2000)}`;
  expect(ALLOWED, context).toContain(result.status);
  expect(result.stderr, context).not.toMatch(/\n\s+at \S|internal error|TypeError|RangeError/);
  const written = readdirSync(result.out);
  if (result.status !== EXIT.OK || result.args[0] === 'validate') {
    expect(written, context).toEqual([]);
    return;
  }
  if (!result.args.includes('--out')) return;
  // A month written whole: its manifest's row counts add up (nothing read is lost from the count).
  const manifest = JSON.parse(readFileSync(join(result.out, '2024-05', 'manifest.json'), 'utf8'));
  const rows = manifest.rows;
  expect(rows.read, context).toBe(rows.billed + rows.free + (rows.rejected ?? 0) + rows.already_billed + rows.earlier + rows.later);
}

describe('mutated inputs end cleanly (issue 3, fuzz)', () => {
  it(`${RUNS} random mutations of fixture files, seed ${SEED}`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: TARGETS.length - 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...COMMANDS),
        async (targetIndex, fileIndex, mutations, command) => {
          const target = TARGETS[targetIndex]!;
          const files = [...target.logs, target.customers, ...(target.topups ? [target.topups] : [])];
          const file = files[fileIndex % files.length]!;
          const bytes = mutations.reduce(mutate, readFileSync(join(REPO, target.folder, file)));
          expectCleanOutcome((await runOn(target, file, bytes, command)));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);

  const log = readFileSync(join(REPO, 'fixtures/sample/work-log-2024-05.csv'));
  const header = log.subarray(0, log.indexOf('\n') + 1);
  // One line over three pieces of the log (PIECE_BYTES).
  const hugeLine = Buffer.concat([header, Buffer.from(`E9999,T-1,C01,2024-05-02,09:00,,30,Jan,,configuration,,,"${'x'.repeat(3 * 1024 * 1024)}"\n`)]);
  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a header only', header],
    ['random binary bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ['UTF-16 text', Buffer.from(`\ufeff${log.toString('utf8')}`, 'utf16le')],
    ['a quote never closed', Buffer.concat([log, Buffer.from('E9999,T-1,C01,2024-05-02,09:00,,30,Jan,,configuration,,,"open\n')])],
    ['a 3 MB description on one line', hugeLine],
    ['only line breaks', Buffer.from('\r\n\r\n\n\n')],
  ])('%s as the work log', async (_, bytes) => {
    for (const command of COMMANDS) expectCleanOutcome((await runOn(TARGETS[0], 'work-log-2024-05.csv', bytes, command)));
  }, 60_000);
});
