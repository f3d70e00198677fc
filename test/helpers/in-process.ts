import type { Interruption } from '../../src/cli/context.js';
import { isRunning } from '../../src/cli/processes.js';
import { runCli } from '../../src/cli/program.js';
import { REPO } from '../e2e/run-cli.js';

/** Run the CLI in this process (fast, for many runs); the e2e tests cover the built binary. */
export async function runInProcess(args: readonly string[], cwd = REPO, now = '2024-06-03T08:00:00+02:00', env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
    clock: () => Date.parse(now),
    pid: process.pid,
    isRunning,
    threads: 0,
    interruption: NOT_INTERRUPTED,
  });
  return { status, stdout, stderr };
}

/** An interruption that never comes: the tests that interrupt a run give their own. */
export const NOT_INTERRUPTED: Interruption = { signal: new AbortController().signal, guard: (work) => work() };

/**
 * `runCli` of test/e2e/run-cli.ts, in this process: the same program and streams as the built binary, without
 * a Node start-up per run (the suite runs the CLI hundreds of times). The clock is the real one unless `now`
 * is given. The tests where a separate process is the point (crashes, concurrent writers, memory limits, the
 * built binary itself) keep using `runCli`.
 */
export async function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; now?: string; interruption?: Interruption } = {}) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? REPO,
    clock: options.now === undefined ? () => Date.now() : () => Date.parse(options.now!),
    pid: process.pid,
    isRunning,
    threads: 0,
    interruption: options.interruption ?? NOT_INTERRUPTED,
  });
  return { status, stdout, stderr };
}
