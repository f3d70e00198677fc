import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/billing/entry-table.js';
import { bytesInMemory } from '../../src/io/byte-source.js';
import type { InvalidRow } from '../../src/io/read-csv.js';
import { parseWorkLog, parseWorkLogOnWorkers, readPiece, type PieceReaders } from '../../src/io/read-work-log.js';

// Issue 14: a large log's pieces after the first are read on worker threads and appended in the file's order.
// Here the pieces are read by the same `readPiece` in this process, out of order, through a structured clone
// as a thread would receive them: every entry, problem and line must be what reading the file on one
// thread gives, whatever the size of the pieces.

/** Readers that answer in reverse order of asking, so appending in the file's order is what is tested. */
function readersHere(): PieceReaders {
  let previous: Promise<unknown> = Promise.resolve();
  return {
    size: 2,
    read(job) {
      const answer = previous.then(() => structuredClone(readPiece(structuredClone(job))));
      previous = new Promise((resolve) => setTimeout(resolve, 0));
      return new Promise((resolve) => setTimeout(() => void answer.then(resolve), 5));
    },
  };
}

/** Readers of which some fail to read a piece (a thread that failed or ended): their caller reads it. */
function readersFailing(fails: (n: number) => boolean): PieceReaders {
  let asked = 0;
  return {
    size: 2,
    read(job) {
      if (fails(asked++)) return Promise.reject(new Error('out of memory'));
      return Promise.resolve(structuredClone(readPiece(structuredClone(job))));
    },
  };
}

const HEADER = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description';
const cell = fc.constantFrom('', 'x', 'Řádek, "první"', 'a\nb', '  ', 'č;š');
const row = fc.oneof(
  // good rows
  fc.record({ n: fc.nat(99), minutes: fc.integer({ min: 1, max: 600 }), description: cell }).map(
    ({ n, minutes, description }) => `E${n},T${n % 7},C${n % 3},2024-05-${String((n % 28) + 1).padStart(2, '0')},,,${minutes},Jan,,configuration,,,"${description.replaceAll('"', '""')}"`,
  ),
  // rows with a problem each: a bad date, a bad duration, a missing customer, a field too many, an empty row
  fc.constantFrom('E-d,T1,C1,2024-02-30,,,30,Jan,,outage,,,', 'E-m,T1,C1,2024-05-02,,,abc,Jan,,outage,,,', 'E-c,T1,,2024-05-02,,,30,Jan,,outage,,,', 'E-f,T1,C1,2024-05-02,,,30,Jan,,outage,,,,x', ',,,,,,,,,,,,'),
);

async function bothWays(text: string, pieceBytes: number, readers: PieceReaders = readersHere()) {
  const bytes = Buffer.from(text);
  const invalid = { one: [] as InvalidRow[], threads: [] as InvalidRow[] };
  const one = new EntryTable();
  const onThread = parseWorkLog(bytesInMemory(bytes, pieceBytes), 'log.csv', one, { onInvalidRow: (r) => invalid.one.push(r) });
  const threads = new EntryTable();
  const onWorkers = await parseWorkLogOnWorkers(bytesInMemory(bytes, pieceBytes), 'log.csv', threads, { onInvalidRow: (r) => invalid.threads.push(r) }, readers);
  const all = (table: EntryTable) => Array.from({ length: table.size }, (_, r) => table.entry(r));
  return { one: { read: onThread, entries: all(one), invalid: invalid.one }, threads: { read: onWorkers, entries: all(threads), invalid: invalid.threads } };
}

describe('a log read a piece at a time on workers (issue 14)', () => {
  it('gives the entries, problems, lines and rows set aside of reading it on one thread (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), fc.integer({ min: 16, max: 400 }), async (rows, pieceBytes) => {
        const { one, threads } = await bothWays(`${HEADER}\n${rows.join('\n')}\n`, pieceBytes);
        expect(threads).toEqual(one);
      }),
      { numRuns: 150 },
    );
  });

  it('reads here, the same way, the pieces a reader cannot read (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), fc.integer({ min: 16, max: 400 }), fc.func(fc.boolean()), async (rows, pieceBytes, fails) => {
        const { one, threads } = await bothWays(`${HEADER}\n${rows.join('\n')}\n`, pieceBytes, readersFailing((n) => fails(n)));
        expect(threads).toEqual(one);
      }),
      { numRuns: 100 },
    );
  });

  it('reports a quote never closed in a later piece at its line, and keeps nothing of the file', async () => {
    const good = Array.from({ length: 200 }, (_, i) => `E${i},T1,C1,2024-05-02,,,15,Jan,,outage,,,"popis ${i}"`);
    const { one, threads } = await bothWays(`${HEADER}\n${good.join('\n')}\nE-bad,T1,C1,2024-05-02,,,15,Jan,,outage,,,"never closed\n`, 300);
    expect(threads).toEqual(one);
    expect(threads.entries).toEqual([]);
    expect(threads.read.issues.map((i) => [i.code, i.source?.line])).toEqual([['csv-syntax', 202]]);
  });

  it('reads a header without a duration column once, on this thread', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `E${i},C1,2024-05-02,Jan,outage`);
    const { one, threads } = await bothWays(`id,customer,date,technician,activity\n${rows.join('\n')}\n`, 200);
    expect(threads).toEqual(one);
    expect(threads.read.issues.map((i) => i.code)).toEqual(['missing-column']);
  });
});
