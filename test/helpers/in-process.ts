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
  });
  return { status, stdout, stderr };
}
