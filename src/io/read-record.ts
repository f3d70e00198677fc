import type { RecordNeeded } from '../billing/billed-once.js';
import { BILLABLE, CAUSES, NONE, type EntryTable } from '../billing/entry-table.js';
import { ROLES } from '../billing/types.js';
import { RECORD_MAGIC, RECORD_TEXTS } from '../formats/record.js';

/**
 * Read `record.bin` (layout in formats/record.ts) into `into`, each entry marked with `month` and named by
 * its line in `linesFile` (lines.csv, the record a person reads). Each text is coded into the table once,
 * descriptions are copied as bytes, never decoded, so a month of a million entries reads in well under a
 * second. `keep` (optional) says which entries to keep; the others are read past. A file that does not follow
 * the layout (cut short, or not a record) gives its problem and no entries.
 */
export function readRecordBin(bytes: Uint8Array, name: string, linesFile: string, into: EntryTable, month: number, keep?: RecordNeeded): RecordRead {
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
  // The file's texts, by its numbering (NONE: not given), and per column the table's code of each (-2: not
  // coded yet). A text is coded into the table only when an entry that is kept uses it.
  const texts: string[] = [];
  const tables = [into.customers, into.cases, into.days, into.times, into.times, into.words, into.words];
  const codes: Int32Array[] = RECORD_TEXTS.map(() => new Int32Array(1024).fill(-2));
  const text = (): number => {
    const ref = varint();
    if (ref === 0) return NONE;
    if (ref % 2 === 1) return texts.push(string()) - 1;
    const n = ref / 2 - 1;
    if (n < texts.length) return n;
    short = true;
    return NONE;
  };
  const coded = (column: number, n: number): number => {
    if (n === NONE) return NONE;
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
  const idSpan = { bytes: buffer, from: 0, to: 0 }; // the id asked about, one object for every entry
  let entries = 0;
  while (at < buffer.length) {
    const [idFrom, idTo] = span();
    const customer = text();
    const caseText = text();
    const day = text();
    const start = text();
    const end = text();
    const technician = text();
    const activity = text();
    const minutes = varint();
    const role = small(ROLES.length);
    const cause = small(CAUSES.length);
    const billable = small(BILLABLE.length);
    const line = varint();
    const [from, to] = span();
    entries++;
    if (short || customer === NONE || day === NONE || technician === NONE) return damaged(`entry ${entries} is cut short or incomplete`);
    if (keep) {
      idSpan.from = idFrom;
      idSpan.to = idTo;
      const needed = keep(idSpan, texts[customer]!, caseText === NONE ? null : texts[caseText]!, texts[day]!, activity === NONE ? null : texts[activity]!, billable === NONE ? null : BILLABLE[billable]!);
      if (!needed) continue;
    }
    into.addCodes({
      id: buffer.subarray(idFrom, idTo), customer: coded(0, customer), case: coded(1, caseText), day: coded(2, day), start: coded(3, start), end: coded(4, end),
      technician: coded(5, technician), activity: coded(6, activity), minutes, role, cause, billable, file, line, month, description: buffer.subarray(from, to),
    });
  }
  return { entries: into.size - before, problems: [] };
}

/** How many entries a record gave, or what is wrong with it (then it gave none). */
export interface RecordRead {
  entries: number;
  problems: string[];
}
