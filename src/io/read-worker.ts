import { parentPort } from 'node:worker_threads';
import { partsBuffers } from '../billing/entry-table.js';
import { readPiece, type PieceJob, type PieceRead } from './read-work-log.js';

// A worker thread of `pieceReaders`: reads each piece of a log it is sent and sends back what it found.
parentPort?.on('message', (job: PieceJob) => {
  const read: PieceRead = readPiece(job);
  parentPort?.postMessage(read, partsBuffers(read.parts));
});
