/** What a command may use of the outside world; main.ts fills it from `process`, tests fill it by hand. */
export interface CliContext {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock, as milliseconds since the epoch; read only where a command needs today's date. */
  clock: () => number;
}
