import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file of a month folder: a path relative to the folder, and its full contents. */
interface OutputFile {
  path: string;
  contents: string;
}

/**
 * Write `outDir/<month>/` so that it appears complete or not at all: the files are written and fsynced in a
 * temporary folder beside it, which is then renamed into place. A month written before is replaced only
 * after the new one is complete. Returns an error message instead of throwing.
 */
export function writeMonthFolder(outDir: string, month: string, files: readonly OutputFile[]): { folder: string } | { error: string } {
  const target = join(outDir, month);
  let staging: string | null = null;
  try {
    mkdirSync(outDir, { recursive: true });
    staging = mkdtempSync(join(outDir, `.${month}.partial-`));
    const folders = new Set<string>([staging]);
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      folders.add(dirname(path));
      writeDurably(path, file.contents);
    }
    for (const folder of folders) syncFolder(folder);
    if (existsSync(target)) {
      const previous = `${staging}.previous`;
      renameSync(target, previous);
      renameSync(staging, target);
      rmSync(previous, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
    staging = null;
    syncFolder(outDir);
    return { folder: target };
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    return { error: `cannot write ${target}: ${(error as Error).message}` };
  }
}

function writeDurably(path: string, contents: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Persist a folder's entries (the renames) where the platform allows opening folders. */
function syncFolder(path: string): void {
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
