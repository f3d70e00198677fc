import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSpool } from '../../src/io/spool.js';

// The spool keeps a month's files on disk while it is billed group by group (issue 6): what is read back
// under a key must be exactly what was appended under it, in order, whatever else was appended in between.

describe('spool', () => {
  it('reads back each key’s text as appended, also when pieces cut a character in two', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('lines.csv', 'statements/C1.txt', '\u0000json'), fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('\n', 'řádek\n', 'a\nb'))), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (appends, readBytes) => {
          const spool = openSpool(tmpdir(), readBytes);
          try {
            const expected = new Map<string, string>();
            for (const [key, text] of appends) {
              const points = [...text]; // pieces as a renderer yields them: whole characters
              spool.append(key, points.length % 2 === 0 ? text : [points.slice(0, 1).join(''), points.slice(1).join('')]);
              expected.set(key, (expected.get(key) ?? '') + text);
            }
            for (const [key, text] of expected) {
              expect([...spool.readText(key)].join('')).toBe(text);
              expect(Buffer.concat(Array.from(spool.read(key), (piece) => Buffer.from(piece))).toString('utf8')).toBe(text);
              expect([...spool.read(key)].every((piece) => piece.byteLength <= readBytes)).toBe(true);
              // Line by line: every line that ends in a line feed; the unfinished rest is not a line.
              expect([...spool.readLines(key)]).toEqual(text.split('\n').slice(0, -1));
            }
            expect([...spool.readText('never appended')]).toEqual([]);
          } finally {
            spool.remove();
          }
        },
      ),
    );
  });

  it('leaves nothing behind, even before it is removed (a killed run leaves no temporary file)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-spool-test-'));
    try {
      const spool = openSpool(folder);
      spool.append('a', 'x'.repeat(3 << 20));
      expect(readdirSync(folder)).toEqual([]);
      expect([...spool.readText('a')].join('')).toHaveLength(3 << 20);
      spool.remove();
      expect(() => spool.append('a', 'y')).toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
