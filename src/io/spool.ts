import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFsError } from './fs-errors.js';

/**
 * Text set aside on disk while a month is billed a group of customers at a time, read back in order when the
 * month is written (issue 6): every group adds its rows of `lines.csv`, its statements and so on, and none of
 * it stays in memory. One temporary file holds everything; each key (a file of the month, or stdout) is the
 * list of byte ranges appended under it. `remove` closes the file.
 */
export interface Spool {
  append(key: string, text: string | Iterable<string>): void;
  /**
   * The bytes appended under a key, in order, in pieces of at most a few megabytes. A piece is valid until the
   * next one is taken (the buffer is reused); copy it to keep it.
   */
  read(key: string): Generator<Uint8Array>;
  /** The same, as text: a character cut between two pieces is joined again. */
  readText(key: string): Generator<string>;
  /** The same text, a line at a time (without its line feed): for keys whose pieces are lines. */
  readLines(key: string): Generator<string>;
  remove(): void;
}

/**
 * The temporary folder could not be used (missing, not writable, full). Thrown, not returned: it can happen on
 * any write deep inside rendering; the command turns it into a message and exit 5.
 */
export class TemporaryFileError extends Error {
  constructor(
    readonly folder: string,
    cause: unknown,
  ) {
    super(`cannot use the temporary folder ${folder}: ${describeFsError(cause)}`);
  }
}

const BUFFER_BYTES = 1 << 20;
/** Text kept back per key before it is written, and in all (then every key's is written). */
const KEY_BATCH_CHARS = 64 << 10;
const WAITING_CHARS = 16 << 20;
const READ_BYTES = 4 << 20;

export function openSpool(directory = tmpdir(), readBytes = READ_BYTES): Spool {
  const spool = guarded(directory, () => createSpool(directory, readBytes));
  return {
    append: (key, text) => guarded(directory, () => spool.append(key, text)),
    *read(key) {
      const pieces = guarded(directory, () => spool.read(key));
      for (;;) {
        const next = guarded(directory, () => pieces.next());
        if (next.done) return;
        yield next.value;
      }
    },
    *readText(key) {
      const decoder = new TextDecoder('utf-8');
      for (const piece of this.read(key)) yield decoder.decode(piece, { stream: true });
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
    *readLines(key) {
      let rest = '';
      for (const piece of this.readText(key)) {
        const text = rest + piece;
        let from = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', from)) {
          yield text.slice(from, end);
          from = end + 1;
        }
        rest = text.slice(from);
      }
    },
    remove: () => spool.remove(),
  };
}

/** File-system errors of the spool as what they mean to the user. */
function guarded<T>(directory: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw new TemporaryFileError(directory, error);
    throw error;
  }
}

function createSpool(directory: string, readBytes: number): Omit<Spool, 'readText' | 'readLines'> {
  const folder = mkdtempSync(join(directory, 'ipex-bill-spool-'));
  let fd: number | null = openSync(join(folder, 'spool'), 'w+');
  // The open file outlives its name: removed from the folder at once, the system frees it however the
  // process ends (killed, out of memory), so nothing is ever left behind. Where an open file cannot be
  // removed, `remove` does it.
  let named = true;
  try {
    unlinkSync(join(folder, 'spool'));
    rmdirSync(folder);
    named = false;
  } catch {
    // kept until remove()
  }
  const ranges = new Map<string, number[]>(); // start, end, start, end, …
  let written = 0; // bytes on disk
  // Text is encoded into one reused buffer, written out when full: no new buffer per piece, which at a
  // million entries left a hundred megabytes of spent buffers waiting for the collector (bench/RESULTS.md).
  const staging = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;

  const writeAll = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd!, bytes, done, bytes.byteLength - done);
  };
  const flush = () => {
    writeAll(staging.subarray(0, used));
    written += used;
    used = 0;
  };
  // A piece is encoded straight into the buffer, never measured first: `Buffer.byteLength` of a joined string
  // flattens it and walks it a second time (1M entries: 2.5 s of 37 s). A UTF-16 unit is at most 3 bytes of
  // UTF-8, so a piece given that much room always fits.
  const storeOne = (list: number[], text: string) => {
    const start = written + used;
    let length: number;
    if (text.length * 3 > staging.length - used) flush();
    if (text.length * 3 > staging.length) {
      const bytes = Buffer.from(text, 'utf8'); // a piece larger than the buffer: rare (a statement of many thousand lines)
      writeAll(bytes);
      written += bytes.byteLength;
      length = bytes.byteLength;
    } else {
      length = staging.write(text, used, 'utf8');
      used += length;
    }
    // A key's pieces that follow each other on disk (one group's rows) are one range.
    if (list.length > 0 && list[list.length - 1] === start) list[list.length - 1] = start + length;
    else list.push(start, start + length);
  };

  // Small pieces wait per key and go to disk together: a log's entries arrive for one group after another,
  // and a range per entry would cost two numbers in memory and a read per entry (10M entries: 20M numbers).
  // They wait as a list, not joined into one string, so each is encoded once and nothing is copied.
  const waiting = new Map<string, { pieces: string[]; length: number }>();
  let waitingLength = 0;
  const storeKey = (key: string, pieces: readonly string[]) => {
    const list = ranges.get(key)!;
    for (const piece of pieces) storeOne(list, piece);
  };
  const storeWaiting = () => {
    for (const [key, { pieces }] of waiting) storeKey(key, pieces);
    waiting.clear();
    waitingLength = 0;
  };
  const appendOne = (key: string, text: string) => {
    if (text.length === 0) return;
    let batch = waiting.get(key);
    if (batch === undefined) {
      batch = { pieces: [], length: 0 };
      waiting.set(key, batch);
    }
    batch.pieces.push(text);
    batch.length += text.length;
    waitingLength += text.length;
    if (batch.length >= KEY_BATCH_CHARS) {
      waiting.delete(key);
      waitingLength -= batch.length;
      storeKey(key, batch.pieces);
    } else if (waitingLength >= WAITING_CHARS) storeWaiting();
  };

  return {
    append(key, text) {
      if (fd === null) throw new Error('the spool was removed');
      if (!ranges.has(key)) ranges.set(key, []);
      if (typeof text === 'string') appendOne(key, text);
      else for (const piece of text) appendOne(key, piece);
    },
    *read(key) {
      if (fd === null) throw new Error('the spool was removed');
      storeWaiting();
      flush();
      const list = ranges.get(key) ?? [];
      let longest = 0;
      for (let i = 0; i < list.length; i += 2) longest = Math.max(longest, list[i + 1]! - list[i]!);
      // One buffer for all the pieces of this read: each piece is used up before the next is asked for.
      const buffer = Buffer.allocUnsafe(Math.min(readBytes, longest));
      for (let i = 0; i < list.length; i += 2) {
        for (let at = list[i]!; at < list[i + 1]!; ) {
          const piece = buffer.subarray(0, Math.min(buffer.length, list[i + 1]! - at));
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
    remove() {
      if (fd !== null) closeSync(fd);
      waiting.clear();
      fd = null;
      if (named) rmSync(folder, { recursive: true, force: true });
    },
  };
}
