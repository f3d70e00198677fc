import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../formats/manifest.js';
import { DOCUMENTS_FILE, statementDocumentSchema, type StatementDocument } from '../formats/statement-document.js';
import { sha256Hex } from './digest.js';
import { describeFsError } from './fs-errors.js';

/**
 * A closed month's statement documents (`documents.jsonl`), only as its manifest recorded them: an edited file
 * could put other figures on a statement or in `hours`. `absent` for a month written before the documents.
 * With `only`, just that customer's document is read (a month of 10 000 customers is 300 MB of them).
 */
export function readMonthDocuments(folder: string, shownFolder: string, manifest: Manifest, only?: string): { documents: StatementDocument[] } | { absent: true } | { error: string } {
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
  const lines = only === undefined ? bytes.toString('utf8').split('\n').map((text, i) => ({ text, where: `:${i + 1}` })) : linesWith(bytes, `"customer":{"id":${JSON.stringify(only)},`).map((text) => ({ text, where: ` (${only}'s line)` }));
  for (const { text, where } of lines) {
    if (text === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { error: `${shownFolder}/${DOCUMENTS_FILE}${where}: not JSON` };
    }
    if (only !== undefined && (json as { customer?: { id?: unknown } } | null)?.customer?.id !== only) continue;
    const parsed = statementDocumentSchema.safeParse(json);
    if (!parsed.success) return { error: `${shownFolder}/${DOCUMENTS_FILE}${where}: not a statement document (${parsed.error.issues[0]?.message ?? 'unknown shape'})` };
    documents.push(parsed.data);
  }
  return { documents };
}

/** The lines of a JSON-lines file that contain `text`, found in its bytes without decoding the rest. */
function linesWith(bytes: Buffer, text: string): string[] {
  const needle = Buffer.from(text);
  const found: string[] = [];
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
    const start = bytes.lastIndexOf(10, at) + 1;
    const end = bytes.indexOf(10, at);
    found.push(bytes.toString('utf8', start, end === -1 ? bytes.length : end));
    if (end === -1) break;
    at = end;
  }
  return found;
}
