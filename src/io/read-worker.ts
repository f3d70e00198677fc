import { parentPort } from 'node:worker_threads';
import { readPiece, type PieceJob, type PieceRead } from './read-work-log.js';

// A worker thread of `pieceReaders`: reads each piece of a log it is sent and sends back what it found.
parentPort?.on('message', (job: PieceJob) => {
  const read: PieceRead = readPiece(job);
  const { codes, ids, descriptions, texts } = read.parts;
  const packed = [ids, descriptions, texts.cases].flatMap((p) => [p.bytes, p.starts]);
  const buffers = [...Object.values(codes), ...packed].map((column) => column.buffer as ArrayBuffer);
  parentPort?.postMessage(read, buffers);
});
