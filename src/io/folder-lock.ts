import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { syncFolder, writeDurably } from './durable-write.js';
import { describeFsError } from './fs-errors.js';

/*
 * One writer per output folder (issue 13). Every run that may write a month takes this lock before it looks at
 * what the folder holds (closed or not, which version, late entries) and keeps it until it has published or
 * given up, so a second writer decides only after the first has finished, exactly as if it had run later.
 *
 * The lock is proper-lockfile's: a directory made with mkdir (atomic on local disks and on network shares),
 * whose mtime the holder refreshes while it runs; one not refreshed for `STALE_MS` is taken over. Two things
 * are added on top, through the library's `fs` option:
 * - the holder's particulars (`holder.json`: process, host, boot, since when, the command) are written inside
 *   the directory before it becomes the lock (it is made beside it and renamed into place), so that whoever
 *   finds the lock can name its holder, and they live and die with the directory (never an old holder's file
 *   beside a new lock);
 * - a holder on this host whose process is gone (SIGKILL, a crash, a power cut and reboot) is taken over at
 *   once instead of after `STALE_MS`. The taker first claims the dead holder's file by renaming it, which only
 *   one process can do; the lock directory is then removed only if it is empty, so a live holder's lock is
 *   never removed by mistake.
 * Before publishing, the writer checks that the lock is still its own (`lostBecause`), so even a lock taken
 * over wrongly (a holder frozen for longer than `STALE_MS`) cannot publish two months over each other.
 */

export const LOCK_DIR = '.ipex-bill.lock';
const HOLDER_FILE = 'holder.json';

/** A lock not refreshed for this long is taken over, whatever host holds it. */
export const STALE_MS = 10 * 60 * 1000;
/** How often the holder refreshes the lock (proper-lockfile runs this on a timer). */
const UPDATE_MS = 10 * 1000;

const holderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  /** The kernel's boot id: a holder from before a reboot is gone, whatever its pid is now. */
  boot: z.string().nullable(),
  since: z.string(),
  command: z.string(),
  token: z.string(),
});

/** Who holds (or wants) the lock. */
export type LockHolder = z.infer<typeof holderSchema>;

/** What the caller knows about this process, and how to tell whether a process of this host still runs. */
export interface LockRequest {
  pid: number;
  command: string;
  /** How long to wait for another holder, in milliseconds; 0: fail at once. */
  waitMs: number;
  isRunning(pid: number): boolean;
}

export interface FolderLock {
  /** Why this process no longer holds the lock, or null while it does. */
  lostBecause(): string | null;
  release(): Promise<void>;
}

export type LockOutcome =
  | { lock: FolderLock }
  /** Another run held it for the whole wait; `holder` is null when it had not yet written its particulars. */
  | { busy: LockHolder | null; waitedMs: number }
  | { error: string };

/** Take the output folder's lock, waiting up to `request.waitMs` for another holder to finish. */
export async function lockOutputFolder(outDir: string, request: LockRequest): Promise<LockOutcome> {
  const lockPath = join(outDir, LOCK_DIR);
  const me: LockHolder = {
    pid: request.pid,
    host: hostname(),
    boot: bootId(),
    since: new Date().toISOString(),
    command: request.command,
    token: randomBytes(12).toString('hex'),
  };
  let lost: string | null = null;
  const options = {
    lockfilePath: lockPath,
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: 0,
    fs: lockFs(me, request.isRunning),
    onCompromised: () => {
      lost = 'another process took over the output folder\u2019s lock while this run held it';
    },
  };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(outDir, options);
      return {
        lock: {
          lostBecause: () => lost ?? (readHolder(lockPath)?.token === me.token ? null : 'the output folder\u2019s lock was removed or taken over while this run held it'),
          release: async () => {
            if (lost === null) await release().catch(() => undefined);
          },
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found the lock stale but a holder's file inside it (see lockFs.rmdir).
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') return { error: `cannot lock the output folder ${outDir}: ${describeFsError(error)}` };
    }
    const holder = readHolder(lockPath);
    if (holder !== null && (isGone(holder, me, request) || isStale(lockPath)) && takeOverFrom(holder, lockPath)) continue;
    const waited = Date.now() - started;
    if (waited >= request.waitMs) return { busy: holder, waitedMs: waited };
    // Waiters spread out, so that they do not all try at the same instant when the holder finishes.
    const pause = Math.min(request.waitMs - waited, 100 + Math.floor(Math.random() * 150) + Math.min(attempt, 10) * 20);
    await new Promise((done) => setTimeout(done, pause));
  }
}

/** A holder of this host whose process has ended, or which was started before the machine last booted. */
function isGone(holder: LockHolder, me: LockHolder, request: LockRequest): boolean {
  if (holder.host !== me.host) return false;
  if (holder.boot !== null && me.boot !== null && holder.boot !== me.boot) return true;
  return holder.pid !== me.pid && !request.isRunning(holder.pid);
}

/** A lock its holder has not refreshed for `STALE_MS` (proper-lockfile's rule, for a holder that wrote its file). */
function isStale(lockPath: string, ms = STALE_MS): boolean {
  try {
    return fs.statSync(lockPath).mtimeMs < Date.now() - ms;
  } catch {
    return false;
  }
}

/**
 * Remove a dead or stale holder's lock. Only the process that manages to rename the holder's file away may go on, and
 * only if the renamed file is the one it judged dead (else it gives the file back: it belonged to a live
 * holder that took the lock in between). The directory is then removed only when empty.
 */
function takeOverFrom(dead: LockHolder, lockPath: string): boolean {
  const claimed = join(lockPath, `${HOLDER_FILE}.taken-${randomBytes(6).toString('hex')}`);
  try {
    fs.renameSync(join(lockPath, HOLDER_FILE), claimed);
  } catch {
    return false; // another process claimed it first, or the holder released the lock meanwhile
  }
  if (parseHolder(readText(claimed))?.token !== dead.token) {
    try {
      fs.renameSync(claimed, join(lockPath, HOLDER_FILE));
    } catch {
      // The live holder released its lock in the meantime; nothing to give back.
    }
    return false;
  }
  try {
    fs.rmSync(claimed, { force: true });
    fs.rmdirSync(lockPath);
  } catch {
    return false;
  }
  return true;
}

/**
 * Locks being made (`<lock>.new-<pid>-<token>`) by processes of this host that have ended: a run killed while
 * it made its lock leaves one beside the lock's place. Another host's are left to it.
 */
function removeAbandoned(folder: string, lockName: string, me: LockHolder, isRunning: (pid: number) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(`${lockName}.new-`) ? Number(name.slice(lockName.length + 5).split('-')[0]) : NaN;
    if (!Number.isInteger(pid) || pid === me.pid) continue;
    const holder = parseHolder(readText(join(folder, name, HOLDER_FILE)));
    // Without a holder's file the process died before writing it, on whichever host: a minute is ample.
    const ended = holder === null ? isStale(join(folder, name), 60_000) : holder.host === me.host && !isRunning(holder.pid);
    if (ended) fs.rmSync(join(folder, name), { recursive: true, force: true });
  }
}

/**
 * The file-system calls proper-lockfile makes, with the holder's file written into the lock directory before
 * it becomes the lock (and so before the library reads the directory's mtime, which it then keeps refreshing)
 * and removed before the directory is. The library removes a lock with `rmdir`, which fails on a directory
 * that is not empty: for a stale lock that is the safe outcome, since its holder's file is removed first only
 * by the holder itself or by `takeOverFrom`.
 */
function lockFs(me: LockHolder, isRunning: (pid: number) => boolean) {
  const holderFile = (dir: string) => join(dir, HOLDER_FILE);
  const ours = (dir: string) => parseHolder(readText(holderFile(dir)))?.token === me.token;
  return {
    ...fs,
    // The lock is made whole beside its place and then renamed into it: a run killed between making the
    // directory and writing its holder's file inside used to leave a lock that named nobody, which every
    // later run waited for (for `--wait`, five minutes by default) instead of taking it over at once.
    mkdir(path: string, done: (error: NodeJS.ErrnoException | null) => void) {
      const making = `${path}.new-${me.pid}-${me.token}`;
      removeAbandoned(dirname(path), basename(path), me, isRunning);
      fs.mkdir(making, (error) => {
        if (error) return done(error);
        try {
          writeDurably(holderFile(making), `${JSON.stringify(me)}\n`);
          syncFolder(making);
          fs.renameSync(making, path); // atomic; fails when the lock is there (it is never an empty directory)
          syncFolder(dirname(path));
          done(null);
        } catch (failed) {
          fs.rmSync(making, { recursive: true, force: true });
          const code = (failed as NodeJS.ErrnoException).code;
          done(code === 'ENOTEMPTY' || code === 'EEXIST' ? Object.assign(new Error('the lock is held'), { code: 'EEXIST' }) : (failed as NodeJS.ErrnoException));
        }
      });
    },
    rmdir(path: string, done: (error: NodeJS.ErrnoException | null) => void) {
      if (ours(path)) fs.rmSync(holderFile(path), { force: true });
      fs.rmdir(path, done);
    },
    rmdirSync(path: string) {
      // On the process's exit (proper-lockfile's exit handler): only a lock that is still ours.
      if (!ours(path)) return;
      fs.rmSync(holderFile(path), { force: true });
      fs.rmdirSync(path);
    },
  };
}

/** The lock's current holder, or null when there is no lock or its holder has not written its file yet. */
function readHolder(lockPath: string): LockHolder | null {
  return parseHolder(readText(join(lockPath, HOLDER_FILE)));
}

function parseHolder(text: string | null): LockHolder | null {
  if (text === null) return null;
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Linux's id of the current boot, or null elsewhere. */
function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
}
