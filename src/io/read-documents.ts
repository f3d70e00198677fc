import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../formats/manifest.js';
import { DOCUMENTS_FILE, statementDocumentSchema, type StatementDocument } from '../formats/statement-document.js';
import { sha256Hex } from './digest.js';
import { describeFsError } from './fs-errors.js';

/**
 * A closed month's statement documents (`documents.jsonl`), only as its manifest recorded them: an edited file
 * could put other figures on a statement or in `hours`. `absent` for a month written before the documents.
 */
export function readMonthDocuments(folder: string, shownFolder: string, manifest: Manifest): { documents: StatementDocument[] } | { absent: true } | { error: string } {
  const listed = manifest.outputs.find((o) => o.file === DOCUMENTS_FILE);
  if (!listed) return { absent: true };
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(folder, DOCUMENTS_FILE));
  } catch (error) {
    return { error: `cannot read ${shownFolder}/${DOCUMENTS_FILE}: ${describeFsError(error)}` };
  }
  if (sha256Hex(bytes) !== listed.sha256) return { error: `${shownFolder}/${DOCUMENTS_FILE} differs from what its manifest recorded (edited or damaged); ipex-bill verify ${shownFolder} shows more` };
  const documents: StatementDocument[] = [];
  const lines = bytes.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(lines[i]!);
    } catch {
      return { error: `${shownFolder}/${DOCUMENTS_FILE}:${i + 1}: not JSON` };
    }
    const parsed = statementDocumentSchema.safeParse(json);
    if (!parsed.success) return { error: `${shownFolder}/${DOCUMENTS_FILE}:${i + 1}: not a statement document (${parsed.error.issues[0]?.message ?? 'unknown shape'})` };
    documents.push(parsed.data);
  }
  return { documents };
}
