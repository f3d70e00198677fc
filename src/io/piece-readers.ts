import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PieceJob, PieceRead, PieceReaders } from './read-work-log.js';

const WORKER = new URL('./read-worker.js', import.meta.url);

/**
 * Worker threads that read pieces of large logs beside this thread, `count` of them, or null when there is
 * nothing to gain (fewer than two) or no compiled worker to start (the sources run by the test runner read
 * on this thread). Each piece goes to the worker with the fewest pieces waiting. `close` ends them.
 */
export function pieceReaders(count: number): (PieceReaders & { close(): Promise<void> }) | null {
  if (count < 2 || !existsSync(fileURLToPath(WORKER))) return null;
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(WORKER);
    const waiting: { resolve: (read: PieceRead) => void; reject: (error: Error) => void }[] = [];
    const reader = { worker, waiting, ended: false };
    const end = (error: Error) => {
      reader.ended = true;
      for (const job of waiting.splice(0)) job.reject(error);
    };
    worker.on('message', (read: PieceRead) => waiting.shift()?.resolve(read));
    worker.on('error', end);
    worker.on('exit', () => end(new Error('the reading thread ended')));
    return reader;
  });
  return {
    size: count,
    /** Rejected when the worker cannot read the piece or has ended: the caller reads it itself. */
    read(job: PieceJob): Promise<PieceRead> {
      const live = workers.filter((w) => !w.ended);
      if (live.length === 0) return Promise.reject(new Error('no reading thread left'));
      const least = live.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
      return new Promise((resolve, reject) => {
        least.waiting.push({ resolve, reject });
        least.worker.postMessage(job, [job.piece.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
