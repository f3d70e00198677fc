import { BILLABLE, CAUSES, NONE, type EntryTable } from '../billing/entry-table.js';
import { ROLES } from '../billing/types.js';
import { RECORD_MAGIC, RECORD_TEXTS } from '../formats/record.js';

/**
 * Read `record.bin` (layout in formats/record.ts) into `into`, each entry marked with `month` and named by
 * its line in `linesFile` (lines.csv, the record a person reads). Each text is coded into the table once,
 * descriptions are copied as bytes, never decoded, so a month of a million entries reads in well under a
 * second. A file that does not follow the layout (cut short, or not a record) gives its problem and no entries.
 */
export function readRecordBin(bytes: Uint8Array, name: string, linesFile: string, into: EntryTable, month: number): RecordRead {
  const before = into.size;
  const damaged = (why: string): RecordRead => {
    into.truncate(before);
    return { entries: 0, problems: [`${name}: ${why}; it is not a record as this tool writes them`] };
  };
  if (bytes.length < RECORD_MAGIC.length || RECORD_MAGIC.some((byte, i) => bytes[i] !== byte)) return damaged('it does not start as a record file');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = RECORD_MAGIC.length;
  let short = false;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= buffer.length) {
        short = true;
        return 0;
      }
      const byte = buffer[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const span = (): [number, number] => {
    const length = varint();
    const from = at;
    at += length;
    if (at > buffer.length) short = true;
    return [from, Math.min(at, buffer.length)];
  };
  const string = (): string => {
    const [from, to] = span();
    return buffer.toString('utf8', from, to);
  };
  // The file's texts, by its numbering, and per column the table's code of each (-2: not coded yet).
  const texts: string[] = [];
  const tables = [into.customers, into.cases, into.days, into.times, into.times, into.words, into.words];
  const codes: Int32Array[] = RECORD_TEXTS.map(() => new Int32Array(1024).fill(-2));
  const text = (column: number): number => {
    const ref = varint();
    if (ref === 0) return NONE;
    let n: number;
    if (ref % 2 === 1) {
      n = texts.push(string()) - 1;
    } else {
      n = ref / 2 - 1;
      if (n >= texts.length) {
        short = true;
        return NONE;
      }
    }
    let known = codes[column]!;
    if (n >= known.length) {
      const larger = new Int32Array(Math.max(known.length * 2, n + 1)).fill(-2);
      larger.set(known);
      codes[column] = known = larger;
    }
    if (known[n] === -2) known[n] = tables[column]!.number(texts[n]!);
    return known[n]!;
  };
  const small = (count: number): number => {
    const byte = at < buffer.length ? buffer[at++]! : ((short = true), 0);
    if (byte > count) short = true;
    return byte - 1;
  };
  const file = into.words.number(linesFile);
  while (at < buffer.length) {
    const id = string();
    const customer = text(0);
    const caseCode = text(1);
    const day = text(2);
    const start = text(3);
    const end = text(4);
    const technician = text(5);
    const activity = text(6);
    const minutes = varint();
    const role = small(ROLES.length);
    const cause = small(CAUSES.length);
    const billable = small(BILLABLE.length);
    const line = varint();
    const [from, to] = span();
    if (short || customer === NONE || day === NONE || technician === NONE) return damaged(`entry ${into.size - before + 1} is cut short or incomplete`);
    into.addCodes({ id, customer, case: caseCode, day, start, end, minutes, technician, activity, role, cause, billable, file, line, month, description: buffer.subarray(from, to) });
  }
  return { entries: into.size - before, problems: [] };
}

/** How many entries a record gave, or what is wrong with it (then it gave none). */
export interface RecordRead {
  entries: number;
  problems: string[];
}
