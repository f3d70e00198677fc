import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ipex-bill.js', import.meta.url));

/**
 * Run the built CLI (`npm test` builds it first) as a cron job would: no terminal, a minimal environment
 * without colour settings unless the test adds them.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
