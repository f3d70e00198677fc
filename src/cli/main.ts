import { availableParallelism } from 'node:os';
import type { Interruption } from './context.js';
import { EXIT, INTERRUPTING_SIGNALS, type InterruptingSignal } from './exit-codes.js';
import { isRunning } from './processes.js';
import { runCli } from './program.js';
import { guardStream } from './terminal-safe.js';

// The one place that binds the CLI to the real process: streams, environment and the exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK); // the reader (e.g. `| head`) has gone away
  throw error;
});

// Ctrl-C or SIGTERM: a command with something to undo is told and stops at its next step; otherwise, or at a
// second signal, the process ends at once (what a run could leave then, the next run removes, as after a crash).
const stop = new AbortController();
let guarded = 0;
const interruption: Interruption = {
  signal: stop.signal,
  async guard(work) {
    guarded++;
    try {
      return await work();
    } finally {
      guarded--;
    }
  },
};
for (const name of Object.keys(INTERRUPTING_SIGNALS) as InterruptingSignal[]) {
  process.on(name, () => {
    if (guarded === 0 || stop.signal.aborted) process.exit(INTERRUPTING_SIGNALS[name]);
    stop.abort(name);
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    clock: () => Date.now(),
    pid: process.pid,
    isRunning,
    // One reader per core: reading a large log is most of a run's work, and the main thread mostly waits for them then.
    threads: availableParallelism(),
    interruption,
  });
} catch (error) {
  const stderr = guardStream(process.stderr, process.env); // the message may quote data
  stderr.write(`ipex-bill: internal error, please report it with the command you ran: ${(error as Error).message}\n`);
  if (process.env.IPEX_BILL_DEBUG) stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exitCode = EXIT.INTERNAL;
}
