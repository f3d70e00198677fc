import { parentPort } from 'node:worker_threads';
import type { StatementDocument } from '../formats/statement-document.js';
import { renderPdf } from './render-pdf.js';

// A thread of the PDF pool (pdf-pool.ts): renders each document it is sent and sends its bytes back.
parentPort?.on('message', (job: { id: number; document: StatementDocument }) => {
  renderPdf(job.document).then(
    (bytes) => parentPort?.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
