import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { durableBatch } from '../../src/io/durable-write.js';

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

  it('fails the file that cannot be written, and still drains the others', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-batch-'));
    const batch = durableBatch();
    await batch.add(join(folder, 'ok.txt'), 'ok');
    await expect(batch.add(join(folder, 'missing', 'x.txt'), 'x')).rejects.toThrow(/ENOENT/);
    await batch.drain();
    expect(readFileSync(join(folder, 'ok.txt'), 'utf8')).toBe('ok');
  });
});
