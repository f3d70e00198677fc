/** What a command may use of the outside world; main.ts fills it from `process`, tests fill it by hand. */
export interface CliContext {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock, as milliseconds since the epoch; read only where a command needs today's date. */
  clock: () => number;
  /** This process, as the output folder's lock records its holder (issue 13). */
  pid: number;
  /** Whether a process of this machine still runs (a lock's holder that has died is taken over at once). */
  isRunning(pid: number): boolean;
  /** Worker threads a large log may be read on besides the main one (0 or 1: read on the main thread only). */
  threads: number;
  /** The command line as the user typed it (`ipex-bill run --month …`), filled in by `runCli`. */
  command: string;
  interruption: Interruption;
}

/**
 * Ctrl-C and SIGTERM. A command that has begun something it must undo (a month being written, the output
 * folder's lock) does it under `guard`: a signal meanwhile aborts `signal` (its reason is the signal's name),
 * and the command stops at its next step and undoes it. At any other time the process ends at once: reading
 * and billing leave nothing behind.
 */
export interface Interruption {
  signal: AbortSignal;
  guard<T>(work: () => Promise<T>): Promise<T>;
}
