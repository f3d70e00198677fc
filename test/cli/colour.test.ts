import { describe, expect, it } from 'vitest';
import { shouldColour } from '../../src/cli/colour.js';

describe('when to colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ])('env %j, terminal %s → %s', (env, tty, expected) => {
    expect(shouldColour(env, tty)).toBe(expected);
  });
});
