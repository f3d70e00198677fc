import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_DIR, lockOutputFolder, STALE_MS, type LockRequest } from '../../src/io/folder-lock.js';
import { draftMonth } from '../../src/io/month-store.js';

// Issue 13: the output folder's lock. Who holds it, when a holder counts as gone, and that a run which lost
// its lock cannot publish.

const request = (overrides: Partial<LockRequest> = {}): LockRequest => ({
  pid: process.pid,
  command: 'ipex-bill run --month 2024-05',
  waitMs: 0,
  isRunning: () => true,
  ...overrides,
});

/** An output folder whose lock is held by the holder given (written as another process would). */
function lockedBy(holder: Record<string, unknown> | null, ageMs = 0) {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-lock-'));
  const dir = join(out, LOCK_DIR);
  mkdirSync(dir);
  if (holder) writeFileSync(join(dir, 'holder.json'), JSON.stringify({ boot: null, since: '2026-12-01T09:00:00.000Z', command: 'ipex-bill run', token: 't', ...holder }));
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    utimesSync(dir, then, then);
  }
  return out;
}

describe('the output folder lock (issue 13)', () => {
  it('records its holder while held and leaves nothing when released', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-lock-'));
    const taken = await lockOutputFolder(out, request());
    if (!('lock' in taken)) throw new Error('not locked');
    expect(JSON.parse(readFileSync(join(out, LOCK_DIR, 'holder.json'), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'ipex-bill run --month 2024-05' });
    expect(taken.lock.lostBecause()).toBeNull();
    await taken.lock.release();
    expect(readdirSync(out)).toEqual([]);
  });

  it('a live holder, of this machine or another, is waited for and named', async () => {
    for (const holder of [{ pid: 4242, host: hostname() }, { pid: 4242, host: 'elsewhere' }]) {
      const out = lockedBy(holder);
      const taken = await lockOutputFolder(out, request({ waitMs: 300, isRunning: (pid) => pid === 4242 || pid === process.pid }));
      expect(taken).toMatchObject({ busy: { pid: 4242, host: holder.host, command: 'ipex-bill run' } });
      expect((taken as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(300);
    }
  });

  it('a holder of this machine whose process is gone is taken over at once', async () => {
    const out = lockedBy({ pid: 4242, host: hostname() }, 1000);
    const taken = await lockOutputFolder(out, request({ isRunning: (pid) => pid !== 4242 }));
    expect(taken).toHaveProperty('lock');
    expect(JSON.parse(readFileSync(join(out, LOCK_DIR, 'holder.json'), 'utf8')).pid).toBe(process.pid);
  });

  it('a holder from before the machine last booted is taken over at once, even if its pid runs again', async () => {
    const out = lockedBy({ pid: 4242, host: hostname(), boot: 'an-earlier-boot' });
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    expect(boot).not.toBe('an-earlier-boot');
    expect(await lockOutputFolder(out, request())).toHaveProperty('lock');
  });

  it('another machine\u2019s lock is taken over only once it has not been refreshed for 10 minutes', async () => {
    expect(STALE_MS).toBe(10 * 60 * 1000);
    expect(await lockOutputFolder(lockedBy({ pid: 1, host: 'elsewhere' }, STALE_MS - 60_000), request())).toHaveProperty('busy');
    const out = lockedBy({ pid: 1, host: 'elsewhere' }, STALE_MS + 60_000);
    // Its holder's file is claimed by the taker before the directory goes: it takes one more try.
    const taken = await lockOutputFolder(out, request({ waitMs: 2000 }));
    expect(taken).toHaveProperty('lock');
  });

  it('a lock that names no holder, left by a run killed while it made it, is taken at once', async () => {
    // A lock is made whole beside its place and renamed into it, so a live run's lock always names its holder
    // (a run killed between making the directory and writing its file used to hold every later run up for
    // --wait, five minutes by default).
    expect(await lockOutputFolder(lockedBy(null), request())).toHaveProperty('lock');
  });

  it('clears away a lock being made by a run of this host that has ended, and leaves another host\u2019s', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-lock-'));
    const making = (pid: number, host: string) => {
      const dir = join(out, `${LOCK_DIR}.new-${pid}-t${pid}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'holder.json'), JSON.stringify({ pid, host, boot: null, since: '2026-12-01T09:00:00.000Z', command: 'ipex-bill run', token: `t${pid}` }));
    };
    making(4242, hostname());
    making(4343, 'elsewhere');
    making(4444, hostname()); // still running
    const taken = await lockOutputFolder(out, request({ isRunning: (pid) => pid !== 4242 }));
    expect(taken).toHaveProperty('lock');
    expect(readdirSync(out).sort()).toEqual([LOCK_DIR, `${LOCK_DIR}.new-4343-t4343`, `${LOCK_DIR}.new-4444-t4444`]);
  });

  it('a run whose lock was taken over cannot publish its month', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-lock-'));
    const taken = await lockOutputFolder(out, request());
    if (!('lock' in taken)) throw new Error('not locked');
    // Another process removes the lock and takes it (as a wrong takeover would).
    rmSync(join(out, LOCK_DIR), { recursive: true });
    mkdirSync(join(out, LOCK_DIR));
    writeFileSync(join(out, LOCK_DIR, 'holder.json'), JSON.stringify({ pid: 1, host: 'elsewhere', boot: null, since: '', command: '', token: 'other' }));
    expect(taken.lock.lostBecause()).toMatch(/lock was removed or taken over/);
    const draft = draftMonth(out, '2024-05', 1, { mayPublish: () => taken.lock.lostBecause() });
    await draft.add('summary.csv', 'x\n');
    const published = await draft.publish();
    expect(published).toEqual({ error: `${join(out, '2024-05')} was not written: the output folder\u2019s lock was removed or taken over while this run held it; run again` });
    expect(readdirSync(out)).toEqual([LOCK_DIR]);
    await taken.lock.release();
    expect(readdirSync(join(out, LOCK_DIR))).toEqual(['holder.json']); // the other holder's lock is left alone
  });
});
