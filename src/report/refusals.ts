import type { LogSpan } from '../billing/log-span.js';
import { fieldOnScreen } from './visible.js';

/** Another run that holds the output folder's lock, as the message names it; `since` as it is to be shown. */
export interface LockHolderText {
  pid: number;
  host: string;
  since: string;
  command: string;
}

/** Why `run` gave up waiting for the output folder, who holds it, and what to do. */
export function renderLockBusy(folder: string, holder: LockHolderText | null, waitedMs: number): string {
  const who = holder
    ? `by another run: process ${holder.pid} on ${fieldOnScreen(holder.host)}, since ${holder.since} (${fieldOnScreen(holder.command)})`
    : 'by another run that is just starting (it has not yet written who it is)';
  const waited = waitedMs < 1000 ? 'did not wait (--wait 0)' : `waited ${Math.round(waitedMs / 1000)} s`;
  return (
    `the output folder ${folder} is being written ${who}; ${waited}. Nothing was written. ` +
    'Run again when it has finished, or wait longer with --wait SECONDS. A lock left by a run that died is taken over by itself: ' +
    'at once on the same machine, after 10 minutes without a sign of life from another machine.'
  );
}

/** Why `run` refuses a month without entries: the month, what the logs do cover, and how to bill fees only. */
export function renderNoEntries(month: string, span: LogSpan): string {
  return (
    `the work logs have no entry dated in ${month}; ${whatTheyCover(span)}. Check --month and that the export is up to date. ` +
    `To bill ${month} with the package fees only, run again with --allow-empty. Nothing was written.`
  );
}

/** What `hours` says instead of 0:00 when no entry is dated in the month. */
export function renderNoEntriesForHours(month: string, span: LogSpan): string {
  return `no work-log entry is dated in ${month} (${whatTheyCover(span)}), so there are no hours to count. Check --month and that the export is up to date.`;
}

/** The warning for a month whose newest entry is days before its end (the export may be incomplete). */
export function renderIncompleteExport(month: string, newest: string, days: number): string {
  return `ipex-bill: warning: the newest entry of ${month} is dated ${newest}, ${days} days before the month's last day; the export may be incomplete (was it taken before the month was over?).\n`;
}

function whatTheyCover(span: LogSpan): string {
  return span.first === null ? 'they have no entries at all' : `they cover ${span.first} to ${span.last}`;
}
