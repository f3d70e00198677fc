import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

// Issue 3: `validate` makes every check `run` makes, writes nothing, and reports the same problems with the
// same exit code. The error fixtures (one per issue code) are the cases: validate must find exactly what run did.

const ERRORS = join(REPO, 'fixtures/errors');
const SAMPLE_INPUTS = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];

/** A run's arguments as validate's: same inputs and month, without the output options. */
function asValidate(args: string[]): string[] {
  const kept: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--out' || args[i] === '--reissue') i++;
    else kept.push(args[i]!);
  }
  return ['validate', ...kept];
}

describe('ipex-bill validate (issue 3)', () => {
  it('lists each input with its rows and dialect, and passes the sample for every month it has', () => {
    const result = runCli(['validate', ...SAMPLE_INPUTS], { cwd: join(REPO, 'fixtures/sample') });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^work-log-2024-05\.csv\s+work log\s+65\s+UTF-8, comma$/m);
    expect(result.stdout).toMatch(/^customers\.csv\s+customers\s+14\s+UTF-8, comma$/m);
    expect(result.stdout).toMatch(/No problems: checked \d+ months, 2023-\d\d to 2024-06\.\n$/);
  });

  it('tells how a Czech Excel file was read', () => {
    const result = runCli(['validate', '--month', '2024-05', ...SAMPLE_INPUTS], { cwd: join(REPO, 'fixtures/dialects/czech-excel') });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^work-log-2024-05\.csv\s+work log\s+65\s+Windows-1250, semicolon$/m);
  });

  const runFixtures = readdirSync(ERRORS).filter((code) => readFileSync(join(ERRORS, code, 'args'), 'utf8').startsWith('run\n'));
  it.each(runFixtures)('%s: the same problems and exit code as run, and nothing written', (code) => {
    const folder = mkdtempSync(join(tmpdir(), `ipex-bill-validate-${code}-`));
    cpSync(join(ERRORS, code), folder, { recursive: true });
    const before = readdirSync(folder).sort();
    const args = readFileSync(join(folder, 'args'), 'utf8').trim().split('\n');
    const result = runCli(asValidate(args), { cwd: folder });
    const problems = (stderr: string) => stderr.split('\n').filter((line) => line !== '' && !line.startsWith('ipex-bill: '));
    const expected = readFileSync(join(folder, 'expected-stderr.txt'), 'utf8');
    expect(problems(result.stderr)).toEqual(problems(expected));
    expect(result.status).toBe(Number(readFileSync(join(folder, 'expected-exit'), 'utf8')));
    expect(result.stderr).toMatch(/nothing was billed/);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('finds problems in every month of the log when no month is given', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-validate-months-'));
    cpSync(join(REPO, 'fixtures/review'), folder, { recursive: true });
    const result = runCli(['validate', '--logs', 'work-log.csv', '--customers', 'customers.csv'], { cwd: folder });
    expect(result.status).toBe(4);
    expect(result.stderr).toContain('ipex-bill: 4 unresolved entries; checked 2024-05; nothing was billed.');
  });
});
