import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferedFile, durableBatch } from '../../src/io/durable-write.js';

// Issue 6: a month's files are fsynced in parallel while the next ones are made; every file must be whole once
// the batch is drained, and a failure must not be lost.

describe('durableBatch', () => {
  it('writes every file whole, from text, bytes or pieces, with more files than may be in flight', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-batch-'));
    const batch = durableBatch(3);
    for (let i = 0; i < 20; i++) {
      const contents = i % 3 === 0 ? `soubor ${i} – č` : i % 3 === 1 ? Buffer.from(`soubor ${i} – č`) : [`soubor ${i}`, Buffer.from(' – '), 'č'];
      await batch.add(join(folder, `f${i}.txt`), contents);
    }
    await batch.drain();
    for (let i = 0; i < 20; i++) expect(readFileSync(join(folder, `f${i}.txt`), 'utf8')).toBe(`soubor ${i} – č`);
  });

  it.each([
    ['text', 'x'],
    ['bytes', Buffer.from('x')],
    ['pieces', ['x', Buffer.from('y')]],
  ])('fails the batch on a file that cannot be written (%s), and still drains the others', async (_, contents) => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-batch-'));
    const batch = durableBatch();
    await batch.add(join(folder, 'ok.txt'), 'ok');
    // A whole file is written on the thread pool, so its failure may come with a later call: never lost.
    const added = batch.add(join(folder, 'missing', 'x.txt'), contents).then(() => null, (error: Error) => error);
    await expect(batch.drain()).rejects.toThrow(/ENOENT/);
    const failedAtOnce = await added;
    if (failedAtOnce !== null) expect(failedAtOnce.message).toMatch(/ENOENT/);
    await expect(batch.add(join(folder, 'after.txt'), 'after')).rejects.toThrow(/ENOENT/);
    expect(readFileSync(join(folder, 'ok.txt'), 'utf8')).toBe('ok');
  });
});

describe('bufferedFile (issue 14: appended tables written a megabyte at a time)', () => {
  it('writes exactly the pieces given, in order, and shows each byte once as it is written, whatever the buffer size', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-buffered-'));
    // Texts with two-, three- and four-byte characters, so a character is often what no longer fits.
    const text = fc.string({ unit: fc.constantFrom('a', ' ', 'č', 'Ř', '–', '€', '😀', '\n'), maxLength: 40 });
    const piece = fc.oneof(text, text.map((t) => Buffer.from(t, 'utf8')));
    let n = 0;
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 5 }), { maxLength: 30 }), fc.integer({ min: 4, max: 64 }), (appends, size) => {
        const path = join(folder, `f${n++}`);
        const fd = openSync(path, 'w');
        const seen: Buffer[] = [];
        const file = bufferedFile(fd, (bytes) => seen.push(Buffer.from(bytes)), size);
        for (const pieces of appends) file.write(pieces);
        file.flush();
        closeSync(fd);
        const expected = Buffer.concat(appends.flat().map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
        expect(readFileSync(path)).toEqual(expected);
        expect(Buffer.concat(seen)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
