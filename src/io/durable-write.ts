import { randomBytes } from 'node:crypto';
import { close, closeSync, fsync, fsyncSync, openSync, renameSync, rmSync, writeFile, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './fs-errors.js';

/** A file's contents: text (written as UTF-8), bytes, or either in pieces, written as they come. */
export type FileContents = string | Uint8Array | Iterable<string | Uint8Array>;

/** Write a file and fsync it, so that a rename that publishes it never publishes an empty file after a crash. */
export function writeDurably(path: string, contents: FileContents): void {
  const fd = writeOpen(path, contents);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write a whole file; its descriptor is left open (for the fsync). */
function writeOpen(path: string, contents: FileContents, seen?: BytesSeen): number {
  const pieces = typeof contents === 'string' || contents instanceof Uint8Array ? [contents] : contents;
  const fd = openSync(path, 'w');
  try {
    writePieces(fd, pieces, seen);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Many files made durable together, the disk's work done on libuv's thread pool while the caller renders the
 * next file, so waiting for the disk overlaps with the work instead of following it (1M entries, 20 006 files:
 * 43 s → 35 s; bench/RESULTS.md). A file given whole (a statement, a PDF) is hashed here and then opened,
 * written, fsynced and closed there: creating a file waits for the journal while other files' fsyncs are
 * under way, which cost this thread half a millisecond a file (5 s of 10,000 statements). A file given in
 * pieces is written here (its pieces may be made as they are written) and fsynced there. At most
 * `inFlightLimit` files are on their way at a time. `drain` waits until every file added is on disk, and fails
 * if any write or fsync failed.
 */
export interface DurableBatch {
  /** `seen` is shown every byte written (to hash the file as it is written). */
  add(path: string, contents: FileContents, seen?: BytesSeen): Promise<void>;
  /** A file already written through `fd` (one written over time): fsynced and closed like the others. */
  settle(fd: number): Promise<void>;
  drain(): Promise<void>;
}

export function durableBatch(inFlightLimit = 32): DurableBatch {
  const inFlight = new Set<Promise<void>>();
  let failure: Error | null = null;
  const track = async (onDisk: Promise<void>) => {
    inFlight.add(onDisk);
    void onDisk.then(() => inFlight.delete(onDisk));
    if (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const settle = (fd: number) =>
    track(
      new Promise<void>((done) =>
        fsync(fd, (error) => {
          if (error) failure ??= error;
          close(fd, () => done());
        }),
      ),
    );
  return {
    async add(path, contents, seen) {
      if (failure) throw failure;
      if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) {
        let fd: number;
        try {
          fd = writeOpen(path, contents, seen);
        } catch (error) {
          throw (failure ??= error as Error);
        }
        return settle(fd);
      }
      const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
      seen?.(bytes);
      // `flush`: fsync once written, before the file is closed.
      return track(
        new Promise<void>((done) =>
          writeFile(path, bytes, { flush: true }, (error) => {
            if (error) failure ??= error;
            done();
          }),
        ),
      );
    },
    settle,
    async drain() {
      await Promise.all(inFlight);
      if (failure) throw failure;
    },
  };
}

/** Told every byte written, in order (a file's digest). */
export type BytesSeen = (bytes: Uint8Array) => void;

/**
 * Text is encoded into this buffer and written from it, instead of into a new buffer per piece: a month's
 * files are some 750 MB of text at a million entries, all of which the collector had to clear again. Used
 * only within one call of `writePieces`, which never gives control away while it holds bytes in it.
 */
const scratch = new Uint8Array(1 << 20);
const encoder = new TextEncoder();

/** Write pieces at the end of an open file, showing each byte to `seen` first. */
export function writePieces(fd: number, pieces: Iterable<string | Uint8Array>, seen?: BytesSeen): void {
  const writeAll = (bytes: Uint8Array) => {
    seen?.(bytes);
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done);
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      writeAll(piece);
      continue;
    }
    for (let rest = piece; rest.length > 0; ) {
      const { read, written } = encoder.encodeInto(rest, scratch);
      writeAll(scratch.subarray(0, written));
      rest = rest.slice(read);
    }
  }
}

/**
 * A file written over a run in many small pieces (a table's rows, a statement at a time): the pieces are
 * encoded into a buffer of its own and written a megabyte at a time, each byte shown to `seen` as it goes to
 * disk. A month of 10,000 customers appends some 60,000 pieces; a write and a hash update each cost more than
 * the bytes they carry. `flush` writes what is left (before the file is synced).
 */
export function bufferedFile(fd: number, seen?: BytesSeen, size = 1 << 20): { write(pieces: Iterable<string | Uint8Array>): void; flush(): void } {
  const buffer = new Uint8Array(size);
  let used = 0;
  const flush = () => {
    if (used > 0) writePieces(fd, [buffer.subarray(0, used)], seen);
    used = 0;
  };
  return {
    write(pieces) {
      for (const piece of pieces) {
        if (typeof piece !== 'string') {
          if (used + piece.byteLength > size) flush();
          if (piece.byteLength > size) writePieces(fd, [piece], seen);
          else {
            buffer.set(piece, used);
            used += piece.byteLength;
          }
          continue;
        }
        for (let rest = piece; rest.length > 0; ) {
          const { read, written } = encoder.encodeInto(rest, buffer.subarray(used));
          if (written === 0 && used === 0) {
            writePieces(fd, [rest], seen); // a buffer smaller than one character
            break;
          }
          used += written;
          if (read === rest.length) break;
          rest = rest.slice(read);
          flush(); // full, or too little room left for the next character
        }
      }
    },
    flush,
  };
}

/** Persist a folder's entries (the renames) where the platform allows opening folders. */
export function syncFolder(path: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on every platform; the data files themselves are already synced.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Replace one file as a whole: written beside it under a hidden name, then renamed over it. A reader, or a run
 * killed at any moment, finds the old file or the new one, never half of one. Returns a message on failure.
 */
export function replaceFile(path: string, contents: FileContents): string | null {
  const temporary = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    writeDurably(temporary, contents);
    renameSync(temporary, path);
    syncFolder(dirname(path));
    return null;
  } catch (error) {
    rmSync(temporary, { force: true });
    return `cannot write ${path}: ${describeFsError(error)}`;
  }
}
