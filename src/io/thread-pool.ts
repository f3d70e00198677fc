import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Worker threads of one module, each answering the jobs it is posted one message each, in order. */
export interface ThreadPool<Job, Result> {
  size: number;
  /** Rejected when the thread cannot do the job or has ended: the caller does it itself. */
  run(job: Job): Promise<Result>;
  close(): Promise<void>;
}

/**
 * `count` threads of the worker module `module`, started with `workerData`, or null when there is nothing to
 * gain (fewer than two) or no compiled worker to start (the sources the test runner runs do the work on this
 * thread). Each job goes to the thread with the fewest jobs waiting, its buffers named by `transfer` moved,
 * not copied.
 */
export function threadPool<Job, Result>(module: URL, count: number, transfer: (job: Job) => ArrayBuffer[], workerData?: unknown): ThreadPool<Job, Result> | null {
  if (count < 2 || !existsSync(fileURLToPath(module))) return null;
  const threads = Array.from({ length: count }, () => {
    const worker = new Worker(module, { workerData });
    const waiting: { resolve: (result: Result) => void; reject: (error: Error) => void }[] = [];
    const thread = { worker, waiting, ended: false };
    const end = (error: Error) => {
      thread.ended = true;
      for (const job of waiting.splice(0)) job.reject(error);
    };
    worker.on('message', (result: Result) => waiting.shift()?.resolve(result));
    worker.on('error', end);
    worker.on('exit', () => end(new Error('the thread ended')));
    return thread;
  });
  return {
    size: count,
    run(job) {
      const live = threads.filter((t) => !t.ended);
      if (live.length === 0) return Promise.reject(new Error('no thread left'));
      const least = live.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
      return new Promise((resolve, reject) => {
        least.waiting.push({ resolve, reject });
        least.worker.postMessage(job, transfer(job));
      });
    },
    async close() {
      await Promise.all(threads.map(({ worker }) => worker.terminate()));
    },
  };
}
