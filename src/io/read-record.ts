import type { RecordNeeded } from '../billing/billed-once.js';
import { BILLABLE, CAUSES, NONE, type EntryTable } from '../billing/entry-table.js';
import { ROLES } from '../billing/types.js';
import { RECORD_MAGIC, RECORD_TEXTS } from '../formats/record.js';

/**
 * Read `record.bin` (layout in formats/record.ts) into `into`, each entry marked with `month` and named by
 * its line in `linesFile` (lines.csv, the record a person reads). `keep` (optional) says which entries to keep;
 * the others are read past. Every later run reads a year of closed months this way, so a record costs far
 * less than parsing a log: a text is decoded only when a kept entry or `keep` needs it as a string, once per
 * file; ids, case ids and descriptions are never decoded, only copied or looked up as the bytes they are.
 * A file that does not follow the layout (cut short, or not a record) gives its problem and no entries.
 */
export function readRecordBin(bytes: Uint8Array, name: string, linesFile: string, into: EntryTable, month: number, keep?: RecordNeeded): RecordRead {
  const before = into.size;
  const damaged = (why: string): RecordRead => {
    into.truncate(before);
    return { entries: 0, problems: [`${name}: ${why}; it is not a record as this tool writes them`] };
  };
  if (bytes.length < RECORD_MAGIC.length || RECORD_MAGIC.some((byte, i) => bytes[i] !== byte)) return damaged('it does not start as a record file');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buffer.length;
  let at = RECORD_MAGIC.length;
  let short = false;
  const varint = (): number => {
    // Nearly every number is below 128: one byte.
    if (at < end && buffer[at]! < 0x80) return buffer[at++]!;
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= end) {
        short = true;
        return 0;
      }
      const byte = buffer[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  // The file's texts, by its numbering: where each lies, and as a string once one is needed.
  let spans = new Int32Array(2048);
  let count = 0;
  const strings: (string | null)[] = [];
  const string = (n: number): string => (strings[n] ??= buffer.toString('utf8', spans[2 * n]!, spans[2 * n + 1]!));
  /** A text reference: the text's number, or NONE (not given). */
  const text = (): number => {
    const ref = varint();
    if (ref === 0) return NONE;
    if ((ref & 1) === 1) {
      const length = varint();
      if (2 * count + 2 > spans.length) {
        const larger = new Int32Array(spans.length * 2);
        larger.set(spans);
        spans = larger;
      }
      spans[2 * count] = at;
      at += length;
      if (at > end) short = true;
      spans[2 * count + 1] = Math.min(at, end);
      strings.push(null);
      return count++;
    }
    const n = ref / 2 - 1;
    if (n < count) return n;
    short = true;
    return NONE;
  };
  // Per column, the table's code of each text (-2: not coded yet): a text is coded into the table only when
  // an entry that is kept uses it. Case ids go in as their bytes.
  const tables = [into.customers, null, into.days, into.times, into.times, into.words, into.words];
  const codes: Int32Array[] = RECORD_TEXTS.map(() => new Int32Array(1024).fill(-2));
  const coded = (column: number, n: number): number => {
    if (n === NONE) return NONE;
    const known = (codes[column] = withRoom(codes[column]!, n));
    if (known[n] === -2) known[n] = column === CASE ? into.cases.numberOfBytes(buffer, spans[2 * n]!, spans[2 * n + 1]!) : tables[column]!.number(string(n));
    return known[n]!;
  };
  // For `keep`: the log's number of each text as a case (-2: not asked yet).
  let logCases: Int32Array = new Int32Array(keep ? 1024 : 0).fill(-2);
  const logCase = (n: number): number => {
    if (n === NONE) return NONE;
    logCases = withRoom(logCases, n);
    if (logCases[n] === -2) logCases[n] = keep!.caseOf(buffer, spans[2 * n]!, spans[2 * n + 1]!);
    return logCases[n]!;
  };
  const small = (count: number): number => {
    const byte = at < end ? buffer[at++]! : ((short = true), 0);
    if (byte > count) short = true;
    return byte - 1;
  };
  const file = into.words.number(linesFile);
  const idSpan = { bytes: buffer, from: 0, to: 0 }; // the id asked about, one object for every entry
  let entries = 0;
  while (at < end) {
    const idLength = varint();
    const idFrom = at;
    const idTo = (at += idLength);
    const customer = text();
    const caseText = text();
    const day = text();
    const start = text();
    const finish = text();
    const technician = text();
    const activity = text();
    const minutes = varint();
    const role = small(ROLES.length);
    const cause = small(CAUSES.length);
    const billable = small(BILLABLE.length);
    const line = varint();
    const length = varint();
    const from = at;
    const to = (at += length);
    entries++;
    if (short || to > end || customer === NONE || day === NONE || technician === NONE) return damaged(`entry ${entries} is cut short or incomplete`);
    if (keep) {
      idSpan.from = idFrom;
      idSpan.to = idTo;
      const needed = keep.needed(
        idSpan, string(customer), logCase(caseText), caseText !== NONE, string(day),
        activity === NONE ? null : string(activity), billable === NONE ? null : BILLABLE[billable]!,
      );
      if (!needed) continue;
    }
    into.addCodes({
      id: buffer.subarray(idFrom, idTo), customer: coded(0, customer), case: coded(CASE, caseText), day: coded(2, day), start: coded(3, start),
      end: coded(4, finish), technician: coded(5, technician), activity: coded(6, activity), minutes, role, cause, billable, file, line, month,
      description: buffer.subarray(from, to),
    });
  }
  return { entries: into.size - before, problems: [] };
}

/** `known`, or a copy large enough to hold entry `n`, the new entries -2 (not known yet). */
function withRoom(known: Int32Array, n: number): Int32Array {
  if (n < known.length) return known;
  const larger = new Int32Array(Math.max(known.length * 2, n + 1)).fill(-2);
  larger.set(known);
  return larger;
}

/** The place of the case id among RECORD_TEXTS. */
const CASE = 1;

/** How many entries a record gave, or what is wrong with it (then it gave none). */
export interface RecordRead {
  entries: number;
  problems: string[];
}
