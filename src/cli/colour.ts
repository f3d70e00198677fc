import { Chalk } from 'chalk';
import { PLAIN, type Style } from '../report/style.js';

/**
 * Whether to colour output: FORCE_COLOR wins (0/false turns colour off), then NO_COLOR (any non-empty value,
 * per no-color.org), then colour only on an interactive terminal that is not "dumb".
 */
export function shouldColour(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

export function terminalStyle(colour: boolean): Style {
  if (!colour) return PLAIN;
  const chalk = new Chalk({ level: 1 });
  return {
    heading: (t) => chalk.bold(t),
    label: (t) => chalk.bold(t),
    amount: (t) => chalk.cyan(t),
    free: (t) => chalk.green(t),
    warning: (t) => chalk.yellow(t),
    dim: (t) => chalk.dim(t),
  };
}
