/*
 * What the operating system said, as a sentence a clerk or a cron mail can act on. Node's own messages
 * ("ENOTEMPTY: directory not empty, rename '.2024-05.partial-…'") name the system call and an errno; the user
 * needs to know what happened to the output and what to do next. Codes not listed here get a general
 * sentence.
 */

const UNSUPPORTED = 'the file system does not support an operation the tool needs (symbolic links or renames); use a local disk or a share that supports them';
const CHANGED_MEANWHILE = 'another program changed the folder while this run was writing it; run again';

const SENTENCES: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space and run again',
  EDQUOT: 'the disk quota is used up; free some space and run again',
  EACCES: 'permission denied; check the folder\u2019s owner and permissions, or run as a user who may write there',
  EPERM: 'the operation is not permitted here; check the folder\u2019s owner and permissions',
  EROFS: 'the file system is read-only; mount it writable or pass another --out',
  ENOENT: 'a folder or file it needs is not there (moved or removed, perhaps by another program); check the path and run again',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder stands where a file was expected',
  ENOTEMPTY: CHANGED_MEANWHILE,
  EEXIST: CHANGED_MEANWHILE,
  EBUSY: 'the file or folder is in use by another program; close it and run again',
  EMFILE: 'too many files are open; run again, or raise the limit of open files (ulimit -n)',
  ENFILE: 'too many files are open on this machine; run again later',
  EIO: 'the disk reported an input/output error; check the disk or the network share, then run again',
  ENAMETOOLONG: 'a path is too long for this file system; use a shorter --out',
  ELOOP: 'the path has a loop of symbolic links',
  ESTALE: 'the network share went away (stale file handle); reconnect it and run again',
  ETIMEDOUT: 'the network share did not answer in time; check the connection and run again',
  EXDEV: 'the output folder spans two file systems; keep the whole folder on one',
  EINVAL: UNSUPPORTED,
  ENOTSUP: UNSUPPORTED,
  EOPNOTSUPP: UNSUPPORTED,
};

/** `error`'s code as a plain sentence (no errno, no system call), for "cannot <do something>: <sentence>". */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (code && SENTENCES[code]) || 'the operating system refused the operation; run again, and if it fails again, report it with the command you ran';
}
