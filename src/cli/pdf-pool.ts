import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StatementDocument } from '../formats/statement-document.js';
import { renderPdf } from './render-pdf.js';

const WORKER = new URL('./pdf-worker.js', import.meta.url);

/** Fewer documents than this are rendered on this thread: starting a thread costs more than it saves. */
const DOCUMENTS_FOR_THREADS = 24;

/** Renders statement documents as PDF, on worker threads when there are many. */
export interface PdfRenderer {
  render(document: StatementDocument): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A renderer for about `expected` documents, on up to `threads` threads. A PDF costs some 40-80 ms of layout and font subsetting
 * (bench/RESULTS.md), far more than billing its customer, so a large month renders them on threads beside
 * this one, one per core (`threads`). A document a thread fails to render is rendered here instead, so a lost thread
 * never loses a statement. Without a compiled worker (the test runner runs the sources) everything is
 * rendered on this thread.
 */
export function pdfRenderer(expected: number, threads: number): PdfRenderer {
  const count = Math.min(threads, 4);
  if (expected < DOCUMENTS_FOR_THREADS || count < 2 || !existsSync(fileURLToPath(WORKER))) {
    return { render: (document) => renderPdf(document), close: async () => undefined };
  }
  type Job = { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void };
  let nextId = 0;
  const pool = Array.from({ length: count }, () => {
    const worker = new Worker(WORKER);
    const waiting = new Map<number, Job>();
    const thread = { worker, waiting, ended: false };
    const end = (error: Error) => {
      thread.ended = true;
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
    };
    worker.on('message', (done: { id: number; bytes?: Uint8Array; error?: string }) => {
      const job = waiting.get(done.id);
      waiting.delete(done.id);
      if (done.bytes) job?.resolve(done.bytes);
      else job?.reject(new Error(done.error ?? 'the PDF thread failed'));
    });
    worker.on('error', end);
    worker.on('exit', () => end(new Error('the PDF thread ended')));
    return thread;
  });
  const onThread = (document: StatementDocument): Promise<Uint8Array> => {
    const live = pool.filter((t) => !t.ended);
    if (live.length === 0) return Promise.reject(new Error('no PDF thread left'));
    const least = live.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      least.waiting.set(id, { resolve, reject });
      least.worker.postMessage({ id, document });
    });
  };
  return {
    render: (document) => onThread(document).catch(() => renderPdf(document)),
    async close() {
      await Promise.all(pool.map(({ worker }) => worker.terminate()));
    },
  };
}
