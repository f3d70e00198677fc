import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

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
  it('lists each input with its rows and dialect, and passes the sample for every month it has', async () => {
    const result = (await cli(['validate', ...SAMPLE_INPUTS], { cwd: join(REPO, 'fixtures/sample') }));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^work-log-2024-05\.csv\s+work log\s+65\s+UTF-8, comma$/m);
    expect(result.stdout).toMatch(/^customers\.csv\s+customers\s+14\s+UTF-8, comma$/m);
    expect(result.stdout).toMatch(/No problems: checked \d+ months, 2023-\d\d to 2024-06\.\n$/);
  });

  it('tells how a Czech Excel file was read', async () => {
    const result = (await cli(['validate', '--month', '2024-05', ...SAMPLE_INPUTS], { cwd: join(REPO, 'fixtures/dialects/czech-excel') }));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^work-log-2024-05\.csv\s+work log\s+65\s+Windows-1250, semicolon$/m);
  });

  const runFixtures = readdirSync(ERRORS).filter((code) => readFileSync(join(ERRORS, code, 'args'), 'utf8').startsWith('run\n'));
  it.each(runFixtures)('%s: the same problems and exit code as run, and nothing written', async (code) => {
    const folder = mkdtempSync(join(tmpdir(), `ipex-bill-validate-${code}-`));
    cpSync(join(ERRORS, code), folder, { recursive: true });
    const before = readdirSync(folder).sort();
    const args = readFileSync(join(folder, 'args'), 'utf8').trim().split('\n');
    const result = (await cli(asValidate(args), { cwd: folder }));
    const problems = (stderr: string) => stderr.split('\n').filter((line) => line !== '' && !line.startsWith('ipex-bill: '));
    const expected = readFileSync(join(folder, 'expected-stderr.txt'), 'utf8');
    expect(problems(result.stderr)).toEqual(problems(expected));
    expect(result.status).toBe(Number(readFileSync(join(folder, 'expected-exit'), 'utf8')));
    expect(result.stderr).toMatch(/nothing was billed/);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  // Issue 14: run read a large file in pieces and checked the ids of the rows it had read before the syntax
  // error, validate read it whole and checked none of them; so past a file's first 4 MB only run reported an id
  // shared with another file. A file with a syntax error counts for nothing, in both.
  it.each([['small', 20], ['past its first 4 MB', 60_000]])(
    'reports the same problems as run for a file with a syntax error (%s) sharing an id with another file',
    async (_, rows) => {
      const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-validate-broken-'));
      const header = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description';
      const row = (i: number) => `E${String(i).padStart(7, '0')},T${i % 50},C01,2024-05-${String((i % 28) + 1).padStart(2, '0')},09:00,,10,Jan,,configuration,,,${'popis '.repeat(10)}`;
      const lines = [header, ...Array.from({ length: rows }, (_, i) => row(i)), 'E9999999,T1,C01,2024-05-02,09:00,,10,Jan,,configuration,,,"never closed'];
      writeFileSync(join(folder, 'a.csv'), `${lines.join('\n')}\n`);
      writeFileSync(join(folder, 'b.csv'), `${header}\nE0000005,T1,C01,2024-05-03,09:00,,10,Jan,,configuration,,,the id of a.csv:7\nE0000005,T1,C01,2024-05-04,09:00,,10,Jan,,configuration,,,twice in b.csv\n`);
      writeFileSync(join(folder, 'customers.csv'), 'customer,name,tier\nC01,P,STANDARD\n');
      const inputs = ['--month', '2024-05', '--logs', 'a.csv', '--logs', 'b.csv', '--customers', 'customers.csv'];
      const run = (await cli(['run', ...inputs], { cwd: folder }));
      const validate = (await cli(['validate', ...inputs], { cwd: folder }));
      const problems = (stderr: string) => stderr.split('\n').filter((line) => line !== '' && !line.startsWith('ipex-bill: '));
      expect(problems(run.stderr)).toEqual([
        `a.csv:${rows + 2}: a double quote opened in this row is never closed, so the rest of the file would be one value; close the quote or double any quote inside a value ("")`,
        'b.csv:3:id: entry id "E0000005" is used again (first at b.csv:2); every entry needs its own id',
      ]);
      expect(problems(validate.stderr)).toEqual(problems(run.stderr));
      expect([run.status, validate.status]).toEqual([3, 3]);
    },
    60_000,
  );

  it('finds problems in every month of the log when no month is given', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-validate-months-'));
    cpSync(join(REPO, 'fixtures/review'), folder, { recursive: true });
    const result = (await cli(['validate', '--logs', 'work-log.csv', '--customers', 'customers.csv'], { cwd: folder }));
    expect(result.status).toBe(4);
    expect(result.stderr).toContain('ipex-bill: 4 unresolved entries; checked 2024-05; nothing was billed.');
  });
});
