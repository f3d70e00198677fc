import { parentPort } from 'node:worker_threads';
import { readPiece, type PieceJob, type PieceRead } from './read-work-log.js';

// A worker thread of `pieceReaders`: reads each piece of a log it is sent and sends back what it found.
parentPort?.on('message', (job: PieceJob) => {
  const read: PieceRead = readPiece(job);
  const { codes, ids, descriptions } = read.parts;
  const buffers = [...Object.values(codes), ids.bytes, ids.starts, descriptions.bytes, descriptions.starts].map((column) => column.buffer as ArrayBuffer);
  parentPort?.postMessage(read, buffers);
});
