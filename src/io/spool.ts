import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Text set aside on disk while a month is billed a group of customers at a time, read back in order when the
 * month is written (issue 6): every group adds its rows of `lines.csv`, its statements and so on, and none of
 * it stays in memory. One temporary file holds everything; each key (a file of the month, or stdout) is the
 * list of byte ranges appended under it. `remove` deletes the file; nothing else is left behind.
 */
export interface Spool {
  append(key: string, text: string | Iterable<string>): void;
  /** Keys in the order they were first appended to. */
  keys(): string[];
  /** The bytes appended under a key, in order, in pieces of at most a few megabytes. */
  read(key: string): Generator<Uint8Array>;
  /** The same, as text: a character cut between two pieces is joined again. */
  readText(key: string): Generator<string>;
  remove(): void;
}

const BUFFER_BYTES = 1 << 20;
const READ_BYTES = 4 << 20;

export function openSpool(directory = tmpdir(), readBytes = READ_BYTES): Spool {
  const folder = mkdtempSync(join(directory, 'ipex-bill-spool-'));
  let fd: number | null = openSync(join(folder, 'spool'), 'w+');
  const ranges = new Map<string, number[]>(); // start, end, start, end, …
  let written = 0; // bytes on disk
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const flush = () => {
    for (const piece of pending) {
      for (let done = 0; done < piece.byteLength; ) done += writeSync(fd!, piece, done, piece.byteLength - done);
    }
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  const appendOne = (key: string, text: string) => {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    const start = written + pendingBytes;
    const list = ranges.get(key)!;
    // A key's pieces that follow each other on disk (one group's rows) are one range.
    if (list.length > 0 && list[list.length - 1] === start) list[list.length - 1] = start + bytes.byteLength;
    else list.push(start, start + bytes.byteLength);
    pending.push(bytes);
    pendingBytes += bytes.byteLength;
    if (pendingBytes >= BUFFER_BYTES) flush();
  };

  return {
    append(key, text) {
      if (fd === null) throw new Error('the spool was removed');
      if (!ranges.has(key)) ranges.set(key, []);
      if (typeof text === 'string') appendOne(key, text);
      else for (const piece of text) appendOne(key, piece);
    },
    keys: () => [...ranges.keys()],
    *read(key) {
      if (fd === null) throw new Error('the spool was removed');
      flush();
      const list = ranges.get(key) ?? [];
      for (let i = 0; i < list.length; i += 2) {
        for (let at = list[i]!; at < list[i + 1]!; ) {
          const piece = Buffer.allocUnsafe(Math.min(readBytes, list[i + 1]! - at));
          let filled = 0;
          while (filled < piece.byteLength) {
            const got = readSync(fd, piece, filled, piece.byteLength - filled, at + filled);
            if (got === 0) throw new Error('the spool file is shorter than what was written to it');
            filled += got;
          }
          at += filled;
          yield piece;
        }
      }
    },
    *readText(key) {
      const decoder = new TextDecoder('utf-8');
      for (const piece of this.read(key)) yield decoder.decode(piece, { stream: true });
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
    remove() {
      if (fd !== null) closeSync(fd);
      fd = null;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
