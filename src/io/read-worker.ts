import { parentPort } from 'node:worker_threads';
import { readPiece, type PieceJob, type PieceRead } from './read-work-log.js';

// A worker thread of `pieceReaders`: reads each piece of a log it is sent and sends back what it found.
parentPort?.on('message', (job: PieceJob) => {
  const read: PieceRead = readPiece(job);
  const { codes, text, textStart } = read.parts;
  parentPort?.postMessage(read, [...Object.values(codes).map((column) => column.buffer as ArrayBuffer), text.buffer as ArrayBuffer, textStart.buffer as ArrayBuffer]);
});
