import { createHash } from 'node:crypto';
import type { FileDigest } from '../formats/manifest.js';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The sha256 of text given in pieces, as if joined (for texts too long to be one string). */
export function sha256OfChunks(chunks: Iterable<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** The sha256 of text fed in pieces (as UTF-8, or as its UTF-8 bytes). */
export function textHash(): { update(text: string | Uint8Array): void; hex(): string } {
  const hash = createHash('sha256');
  return { update: (text) => void (typeof text === 'string' ? hash.update(text, 'utf8') : hash.update(text)), hex: () => hash.digest('hex') };
}

/** Name, size and sha256 of a file written in pieces: fed each piece, then finished. */
export function digestStream(file: string): { update(bytes: Uint8Array): void; finish(): FileDigest } {
  const hash = createHash('sha256');
  let size = 0;
  return {
    update(bytes) {
      hash.update(bytes);
      size += bytes.byteLength;
    },
    finish: () => ({ file, bytes: size, sha256: hash.digest('hex') }),
  };
}

/** Name, size in bytes and sha256 of a file's contents (text is hashed as the UTF-8 bytes written). */
export function digestOf(file: string, contents: Uint8Array | string): FileDigest {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  return { file, bytes: bytes.byteLength, sha256: sha256Hex(bytes) };
}

/** The same for a file read a piece at a time. */
export function digestOfPieces(file: string, pieces: Iterable<Uint8Array>): FileDigest {
  const digest = digestStream(file);
  for (const piece of pieces) digest.update(piece);
  return digest.finish();
}
