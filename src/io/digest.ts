import { createHash } from 'node:crypto';
import type { FileDigest } from '../report/manifest.js';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Name, size in bytes and sha256 of a file's contents (text is hashed as the UTF-8 bytes written). */
export function digestOf(file: string, contents: Uint8Array | string): FileDigest {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  return { file, bytes: bytes.byteLength, sha256: sha256Hex(bytes) };
}
