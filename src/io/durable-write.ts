import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file's contents: text (written as UTF-8), bytes, or either in pieces, written as they come. */
export type FileContents = string | Uint8Array | Iterable<string | Uint8Array>;

/** Write a file and fsync it, so that a rename that publishes it never publishes an empty file after a crash. */
export function writeDurably(path: string, contents: FileContents): void {
  const pieces = typeof contents === 'string' || contents instanceof Uint8Array ? [contents] : contents;
  const fd = openSync(path, 'w');
  try {
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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
export function replaceFile(path: string, contents: string): string | null {
  const temporary = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    writeDurably(temporary, contents);
    renameSync(temporary, path);
    syncFolder(dirname(path));
    return null;
  } catch (error) {
    rmSync(temporary, { force: true });
    return `cannot write ${path}: ${(error as Error).message}`;
  }
}
