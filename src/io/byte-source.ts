import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * A file's bytes, given a piece at a time: in memory already, or read from disk as they are needed, so a log
 * of any size is never held whole (issue 6). `pieces` may be walked more than once (the reader checks the
 * encoding first, then parses).
 */
export interface ByteSource {
  size: number;
  pieces(): Iterable<Buffer>;
}

/** How much of a file is read or parsed at a time. */
export const PIECE_BYTES = 1 << 20;

export function bytesInMemory(bytes: Uint8Array, pieceBytes = PIECE_BYTES): ByteSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buffer.length,
    *pieces() {
      for (let from = 0; from < buffer.length; from += pieceBytes) yield buffer.subarray(from, Math.min(buffer.length, from + pieceBytes));
    },
  };
}

/**
 * A file on disk, read a piece at a time; `size` as it was when opened. A pipe (`--logs <(unzip -p …)`) or
 * another file that gives its bytes only once is read whole when opened: its pieces are walked twice, and the
 * second walk found it empty ("no header row"). Throws what `open` throws (a missing file, a folder, no
 * permission), for the caller to report.
 */
export function bytesOnDisk(path: string, pieceBytes = PIECE_BYTES): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    if (!stats.isFile()) return bytesInMemory(readFileSync(fd), pieceBytes);
    size = stats.size;
  } finally {
    closeSync(fd);
  }
  return {
    size,
    *pieces() {
      const file = openSync(path, 'r');
      try {
        for (;;) {
          const piece = Buffer.allocUnsafe(pieceBytes);
          let filled = 0;
          while (filled < pieceBytes) {
            const got = readSync(file, piece, filled, pieceBytes - filled, null);
            if (got === 0) break;
            filled += got;
          }
          if (filled === 0) return;
          yield piece.subarray(0, filled);
          if (filled < pieceBytes) return;
        }
      } finally {
        closeSync(file);
      }
    },
  };
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/**
 * The bytes cut into pieces that end at a line break outside double quotes, so each piece holds whole records.
 * Quotes only ever stand around a whole value (csv-parse refuses them elsewhere), so counting them says whether
 * a line break is inside a value; a quote never closed makes the rest one piece, and csv-parse then reports
 * it. A record longer than a piece waits for the pieces after it.
 */
export function* recordPieces(pieces: Iterable<Buffer>): Generator<Buffer> {
  // The bytes since the last cut, and how many quotes they hold: a long record is kept as its pieces and
  // joined once, so a quote never closed costs one pass over the file, not one per piece.
  let carry: Buffer[] = [];
  let carryQuotes = 0;
  for (const piece of pieces) {
    let quotes = carryQuotes + countQuotes(piece, 0, piece.length);
    const total = quotes;
    let cut = 0;
    // (lastIndexOf counts a negative start from the end: stop at the piece's start instead.)
    for (let end = piece.length; end > 0; ) {
      const feed = piece.lastIndexOf(LINE_FEED, end - 1);
      if (feed === -1) break;
      quotes -= countQuotes(piece, feed + 1, end);
      if (quotes % 2 === 0) {
        cut = feed + 1;
        break;
      }
      end = feed;
    }
    if (cut === 0) {
      carry.push(piece);
      carryQuotes = total;
      continue;
    }
    yield carry.length === 0 ? piece.subarray(0, cut) : Buffer.concat([...carry, piece.subarray(0, cut)]);
    carry = cut < piece.length ? [piece.subarray(cut)] : [];
    carryQuotes = total - quotes;
  }
  if (carry.length > 0) yield carry.length === 1 ? carry[0]! : Buffer.concat(carry);
}

function countQuotes(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let q = bytes.indexOf(QUOTE, from); q !== -1 && q < to; q = bytes.indexOf(QUOTE, q + 1)) count++;
  return count;
}
