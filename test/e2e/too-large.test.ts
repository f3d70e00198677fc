import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { runCli } from './run-cli.js';

// Issue 6: a log too large for the memory Node may use would end, minutes later, in V8's out-of-memory crash
// with a native stack trace (10M entries did, bench/RESULTS.md). It is refused before reading, with exit 9
// and what to do. Node's heap limit is made small here instead of the log large.

const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-large-'));
// A 3 MB log: with a heap of 16 MB, Node's limit is 64 MB, less than reading any log needs (64 MB, plus a
// byte per byte of log).
const { customers } = generate(20_000, folder);
const inputs = ['--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
const withHeap = (megabytes: number) => ({ NODE_OPTIONS: `--max-old-space-size=${megabytes}` });

describe('logs too large for the memory Node may use (issues 6, 14)', () => {
  it('run refuses before reading: exit 9, the sizes, how to give Node more, nothing written', () => {
    const out = join(folder, 'out');
    mkdirSync(out, { recursive: true });
    const result = runCli(['run', ...inputs, '--out', out], { cwd: folder, env: withHeap(16) });
    expect(result.status).toBe(9);
    expect(result.stderr).toMatch(/^ipex-bill: the work logs are 3 MB; reading them needs about 67 MB of memory, more than this Node process may use \(64 MB\)\. Give Node more, e\.g\. NODE_OPTIONS=--max-old-space-size=1024 ipex-bill …/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it('the same log with room enough is read and billed as usual', () => {
    const result = runCli(['hours', customers[3]!, ...inputs, '--json'], { cwd: folder, env: withHeap(512) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).customers[0].customer).toBe(customers[3]);
  });

});
