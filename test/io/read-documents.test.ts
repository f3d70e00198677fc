import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/formats/manifest.js';
import { PIECE_BYTES } from '../../src/io/byte-source.js';
import { sha256Hex } from '../../src/io/digest.js';
import { eachMonthDocument, readMonthDocuments } from '../../src/io/read-documents.js';
import { REPO } from '../e2e/run-cli.js';

// documents.jsonl is read a piece at a time (a 10M-entry month wrote 3.1 GB of it, more than Node reads at
// once: `verify` failed with "the operating system refused the operation"), so lines run across pieces.

const FIXTURE = join(REPO, 'fixtures/closed-v4/out/2024-05/documents.jsonl');

/** A month folder whose documents.jsonl is `text`, and a manifest that lists it as it is. */
function folderWith(text: string): { folder: string; manifest: Manifest } {
  const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-documents-'));
  writeFileSync(join(folder, 'documents.jsonl'), text);
  const bytes = Buffer.from(text, 'utf8');
  const manifest = { outputs: [{ file: 'documents.jsonl', bytes: bytes.length, sha256: sha256Hex(bytes) }] } as unknown as Manifest;
  return { folder, manifest };
}

/** The fixture's documents again and again, each with a customer id of its own, to `bytes` at least. */
function manyDocuments(bytes: number): { text: string; ids: string[] } {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
  const out: string[] = [];
  const ids: string[] = [];
  for (let size = 0, n = 0; size < bytes; n++) {
    const id = `K${String(n).padStart(6, '0')}`;
    const line = lines[n % lines.length]!.replace(/"customer":\{"id":"[^"]*"/, `"customer":{"id":"${id}"`);
    out.push(line);
    ids.push(id);
    size += Buffer.byteLength(line) + 1;
  }
  return { text: `${out.join('\n')}\n`, ids };
}

describe('documents.jsonl read a piece at a time', () => {
  const { text, ids } = manyDocuments(3 * PIECE_BYTES);

  it('gives every document, in order, whatever pieces its lines were cut across', () => {
    const { folder, manifest } = folderWith(text);
    const read = readMonthDocuments(folder, 'out/2024-05', manifest);
    expect('documents' in read && read.documents.map((d) => d.customer.id)).toEqual(ids);
    // Each as written: nothing of a line lost at a piece's end.
    const expected = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { totalAmount: number });
    expect('documents' in read && read.documents.map((d) => d.totalAmount)).toEqual(expected.map((d) => d.totalAmount));
  });

  it('finds one customer anywhere in the file, also one whose line spans two pieces', () => {
    const { folder, manifest } = folderWith(text);
    // The document whose line holds the first piece's end.
    let at = 0;
    const lines = text.split('\n');
    let spanning = 0;
    while (at + Buffer.byteLength(lines[spanning]!) + 1 <= PIECE_BYTES) at += Buffer.byteLength(lines[spanning++]!) + 1;
    for (const id of [ids[0]!, ids[spanning]!, ids.at(-1)!]) {
      const read = readMonthDocuments(folder, 'out/2024-05', manifest, id);
      expect('documents' in read && read.documents.map((d) => d.customer.id)).toEqual([id]);
    }
  });

  it('hands each document over in turn and counts them', () => {
    const { folder, manifest } = folderWith(text);
    const seen: string[] = [];
    expect(eachMonthDocument(folder, 'out/2024-05', manifest, (d) => seen.push(d.customer.id))).toEqual({ count: ids.length });
    expect(seen).toEqual(ids);
  });

  it('names the line that is not JSON, counting lines across pieces, and refuses a file its manifest did not record', () => {
    const lines = text.split('\n');
    const broken = [...lines.slice(0, 700), '{"format": broken', ...lines.slice(700)].join('\n');
    const { folder, manifest } = folderWith(broken);
    expect(readMonthDocuments(folder, 'out/2024-05', manifest)).toEqual({ error: 'out/2024-05/documents.jsonl:701: not JSON' });
    writeFileSync(join(folder, 'documents.jsonl'), text);
    expect(readMonthDocuments(folder, 'out/2024-05', manifest)).toEqual({
      error: 'out/2024-05/documents.jsonl differs from what its manifest recorded (edited or damaged); ipex-bill verify out/2024-05 shows more',
    });
  });
});
