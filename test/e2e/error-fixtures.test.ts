import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../src/billing/issue.js';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// One folder per issue code (hledger keeps a file per error message): inputs, `args`, the exact expected
// stderr and exit code. Every failing run must leave stdout empty and write nothing into its (existing, empty)
// output folder. Each runs in a copy, so the repository's fixtures stay untouched.
const ROOT = join(REPO, 'fixtures/errors');
const folders = readdirSync(ROOT).sort();

describe('error fixtures', () => {
  it('has a fixture for every issue code, and no fixture without a code', async () => {
    expect(folders).toEqual(Object.keys(ISSUE_CODES).sort());
  });

  it.each(folders)('%s: reports file:line:column, exits with its code and writes nothing', async (code) => {
    const folder = mkdtempSync(join(tmpdir(), `ipex-bill-${code}-`));
    cpSync(join(ROOT, code), folder, { recursive: true });
    mkdirSync(join(folder, 'out'));
    const args = readFileSync(join(folder, 'args'), 'utf8').trim().split('\n');
    const result = (await cli(args, { cwd: folder }));
    expect(result.stderr).toBe(readFileSync(join(folder, 'expected-stderr.txt'), 'utf8'));
    expect(result.status).toBe(Number(readFileSync(join(folder, 'expected-exit'), 'utf8')));
    expect(result.stdout).toBe('');
    expect(readdirSync(join(folder, 'out'))).toEqual([]);
    expect(result.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });
});
