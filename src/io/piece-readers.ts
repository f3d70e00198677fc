import type { PieceJob, PieceRead, PieceReaders } from './read-work-log.js';
import { threadPool } from './thread-pool.js';

const WORKER = new URL('./read-worker.js', import.meta.url);

/**
 * Worker threads that read pieces of large logs beside this thread, `count` of them, or null when there is
 * nothing to gain (`threadPool`). `close` ends them.
 */
export function pieceReaders(count: number): (PieceReaders & { close(): Promise<void> }) | null {
  const pool = threadPool<PieceJob, PieceRead>(WORKER, count, (job) => [job.piece.buffer as ArrayBuffer]);
  return pool && { size: pool.size, read: (job) => pool.run(job), close: () => pool.close() };
}
