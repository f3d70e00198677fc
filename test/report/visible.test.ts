import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHiddenInJson, FIELD_SHOWN, fieldOnScreen, HIDDEN_CHARACTER, showHidden } from '../../src/report/visible.js';

// Issue 13: what a data field looks like on the terminal and in the .txt statements.

const risky = fc.constantFrom('\u001b', '\u0007', '\r', '\u0000', '\u007f', '\u0085', '\u009b', '\u202e', '\u2066', '\u2069', '\u200f', '\t', '\n', 'a', 'č', '😀');
const text = fc.oneof(fc.string({ unit: 'binary' }), fc.array(risky).map((parts) => parts.join('')));

describe('fields on screen (issue 13)', () => {
  it('never contain a hidden character, and say everything they hid (property)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const shown = showHidden(value);
        expect(HIDDEN_CHARACTER.test(shown)).toBe(false);
        // Spelled out, not dropped: decoding the escapes gives the value back (it has no backslashes of its own).
        if (!value.includes('\\')) expect(shown.replace(/\\x([0-9a-f]{2})|\\u([0-9a-f]{4})/g, (_, x, u) => String.fromCharCode(parseInt(x ?? u, 16)))).toBe(value);
      }),
    );
  });

  it('keeps tab, line feed and ordinary text as they are', () => {
    expect(showHidden('Změna IVR\tfronta\nobchod 😀')).toBe('Změna IVR\tfronta\nobchod 😀');
    expect(showHidden('a\u001b[2Jb\u202ec')).toBe('a\\x1b[2Jb\\u202ec');
  });

  it(`cuts a field at ${FIELD_SHOWN} characters, never inside a surrogate pair, and says how much is left out and where (property)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: FIELD_SHOWN - 2, maxLength: FIELD_SHOWN + 50 }), (value) => {
        const shown = fieldOnScreen(value, 'log.csv:2');
        if (value.length <= FIELD_SHOWN) return expect(shown).toBe(showHidden(value));
        const cut = shown.slice(0, shown.indexOf('… ('));
        expect(value.startsWith(cut) || HIDDEN_CHARACTER.test(value)).toBe(true);
        expect(cut.length).toBeGreaterThanOrEqual(FIELD_SHOWN - 1);
        expect(shown).toMatch(new RegExp(`… \\(${String(value.length - cut.length).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} more characters in log\\.csv:2\\)$`));
      }),
    );
    expect(fieldOnScreen('x'.repeat(4_912_831))).toBe(`${'x'.repeat(500)}… (4 912 331 more characters)`);
  });

  it('JSON: hidden characters JSON.stringify leaves raw become \\u escapes, and the data reads back the same (property)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const json = escapeHiddenInJson(JSON.stringify({ description: value }));
        expect(HIDDEN_CHARACTER.test(json)).toBe(false);
        expect(JSON.parse(json).description).toBe(value);
      }),
    );
  });
});
