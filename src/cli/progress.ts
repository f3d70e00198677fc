import type { CliContext } from './context.js';

/** A run shorter than this never shows progress: a quick run should print exactly what it always printed. */
const QUIET_FOR_MS = 1000;

/**
 * What a long run is doing, on one line of stderr that is rewritten in place and cleared at the end. Only on a
 * terminal (never in cron mail or a pipe) and only once the run has taken over a second. The work is
 * synchronous, so the line changes when a step starts, not on a timer.
 */
export interface Progress {
  step(what: string): void;
  /** Clear the line, before the run prints its own messages. */
  done(): void;
}

export function startProgress(ctx: CliContext, enabled: boolean): Progress {
  if (!enabled || ctx.stderr.isTTY !== true) return { step: () => undefined, done: () => undefined };
  const started = ctx.clock();
  let shown = false;
  return {
    step(what) {
      const elapsed = ctx.clock() - started;
      if (elapsed < QUIET_FOR_MS) return;
      ctx.stderr.write(`\r\u001b[Kipex-bill: ${what}… (${(elapsed / 1000).toFixed(1)} s)`);
      shown = true;
    },
    done() {
      if (shown) ctx.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
