import { HIDDEN_CHARACTER, spellOut } from '../report/visible.js';
import { shouldColour } from './colour.js';
import type { CliContext } from './context.js';

type Stream = CliContext['stdout'];

/**
 * The last guard between the data and the terminal (issue 13): whatever a command writes to stdout or stderr
 * passes through here, and every control or bidirectional formatting character is spelled out (`\x1b`,
 * `\u202e`) except the tool's own sequences: colours where colour is on, and the progress line's
 * carriage return and erase on a terminal. The renderers already show data fields this way; this catches a
 * value that reaches a message some other way (a file name, a value quoted in an error).
 */
export function guardStream(stream: Stream, env: CliContext['env']): Stream {
  const tty = stream.isTTY === true;
  const colour = shouldColour(env, tty);
  const own = new RegExp(`${colour ? '\\u001b\\[[0-9;]*m|' : ''}${tty ? '\\r\\u001b\\[K|' : ''}${HIDDEN_CHARACTER.source}`, 'g');
  return {
    isTTY: stream.isTTY,
    // Read when asked: a terminal's width changes when its window does.
    get columns() {
      return stream.columns;
    },
    write(text: string) {
      return stream.write(HIDDEN_CHARACTER.test(text) ? text.replace(own, (found) => (found.length > 1 ? found : spellOut(found))) : text);
    },
  };
}
