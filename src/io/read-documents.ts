import { join } from 'node:path';
import type { Manifest } from '../formats/manifest.js';
import { DOCUMENTS_FILE, statementDocumentSchema, type StatementDocument } from '../formats/statement-document.js';
import { bytesOnDisk } from './byte-source.js';
import { digestOfPieces } from './digest.js';
import { describeFsError } from './fs-errors.js';

/**
 * A closed month's statement documents (`documents.jsonl`), only as its manifest recorded them: an edited file
 * could put other figures on a statement or in `hours`. `absent` for a month written before the documents.
 * With `only`, just that customer's document is read (a month of 10 000 customers is 300 MB of them).
 */
export function readMonthDocuments(folder: string, shownFolder: string, manifest: Manifest, only?: string): { documents: StatementDocument[] } | { absent: true } | { error: string } {
  const documents: StatementDocument[] = [];
  const read = eachMonthDocument(folder, shownFolder, manifest, (document) => documents.push(document), only);
  return 'count' in read ? { documents } : read;
}

/**
 * The same, each document handed to `visit` in turn and let go, the file read a piece at a time: a month of
 * 100 000 customers has 3 GB of documents, more than one read may return (Node reads at most 2 GiB at once)
 * and far more than `verify` needs to hold. Its digest is checked in a first pass, before any line is used.
 */
export function eachMonthDocument(
  folder: string,
  shownFolder: string,
  manifest: Manifest,
  visit: (document: StatementDocument) => void,
  only?: string,
): { count: number } | { absent: true } | { error: string } {
  const listed = manifest.outputs.find((o) => o.file === DOCUMENTS_FILE);
  if (!listed) return { absent: true };
  const path = join(folder, DOCUMENTS_FILE);
  const needle = only === undefined ? null : Buffer.from(`"customer":{"id":${JSON.stringify(only)},`);
  let count = 0;
  let problem: string | null = null;
  try {
    if (digestOfPieces(DOCUMENTS_FILE, bytesOnDisk(path).pieces()).sha256 !== listed.sha256) {
      return { error: `${shownFolder}/${DOCUMENTS_FILE} differs from what its manifest recorded (edited or damaged); ipex-bill verify ${shownFolder} shows more` };
    }
    for (const { bytes, line } of jsonLines(bytesOnDisk(path).pieces())) {
      // With `only`, a line is decoded only if its bytes name the customer.
      if (bytes.length === 0 || (needle !== null && bytes.indexOf(needle) === -1)) continue;
      const where = needle === null ? `:${line}` : ` (${only}'s line)`;
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        problem = `${shownFolder}/${DOCUMENTS_FILE}${where}: not JSON`;
        break;
      }
      if (only !== undefined && (json as { customer?: { id?: unknown } } | null)?.customer?.id !== only) continue;
      const parsed = statementDocumentSchema.safeParse(json);
      if (!parsed.success) {
        problem = `${shownFolder}/${DOCUMENTS_FILE}${where}: not a statement document (${parsed.error.issues[0]?.message ?? 'unknown shape'})`;
        break;
      }
      visit(parsed.data);
      count++;
    }
  } catch (error) {
    return { error: `cannot read ${shownFolder}/${DOCUMENTS_FILE}: ${describeFsError(error)}` };
  }
  return problem === null ? { count } : { error: problem };
}

/** The lines of pieces of a file, as bytes, numbered from 1; a line may span pieces. */
function* jsonLines(pieces: Iterable<Buffer>): Generator<{ bytes: Buffer; line: number }> {
  let line = 0;
  let rest: Buffer | null = null;
  for (const piece of pieces) {
    const bytes: Buffer = rest === null ? piece : Buffer.concat([rest, piece]);
    let from = 0;
    for (let end = bytes.indexOf(10, from); end !== -1; end = bytes.indexOf(10, from)) {
      yield { bytes: bytes.subarray(from, end), line: ++line };
      from = end + 1;
    }
    // The unfinished line is copied, so that the piece it came with is let go.
    rest = from < bytes.length ? Buffer.from(bytes.subarray(from)) : null;
  }
  if (rest !== null) yield { bytes: rest, line: ++line };
}
