import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { recordPieces } from '../../src/io/read-csv.js';
import { parseWorkLog } from '../../src/io/read-work-log.js';

// Issue 6: large files are parsed a few megabytes at a time, cut between records. A cut inside a quoted value
// (which may hold separators, quotes and line breaks) would split a record in two.

describe('cutting a file into pieces of whole records', () => {
  const value = fc.string({ unit: fc.constantFrom('a', 'č', ',', ';', '"', '\n', '\r\n', ' ', 'x') });

  it('every piece parses to whole records, and together they are the file (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (rows, size) => {
        const bytes = Buffer.from(stringify(rows, { quote_record_delimiter: true }));
        const pieces = [...recordPieces(bytes, size)];
        expect(pieces[0]?.[0]).toBe(0);
        expect(pieces.at(-1)?.[1]).toBe(bytes.length);
        pieces.slice(1).forEach(([from], i) => expect(from).toBe(pieces[i]![1]));
        const records = pieces.flatMap(([from, to]) => parse(bytes.subarray(from, to), { relax_column_count: true }) as string[][]);
        expect(records).toEqual(parse(bytes, { relax_column_count: true }));
      }),
      { numRuns: 300 },
    );
  });

  it('a quote never closed makes the rest of the file one piece', () => {
    const bytes = Buffer.from('a,b\n1,"open\n2,3\n4,5\n');
    expect([...recordPieces(bytes, 2)]).toEqual([[0, 4], [4, bytes.length]]);
  });
});

describe('a work log larger than one piece', () => {
  it('reads every entry with its line, across pieces and multi-line descriptions', () => {
    const header = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n';
    const rows: string[] = [];
    // ~9 MB: three pieces; every 7th description spans two lines.
    for (let i = 1; i <= 60_000; i++) {
      const description = i % 7 === 0 ? `"Řádek ${i}, ""první""\ndruhý řádek ${'x'.repeat(60)}"` : `"Popis ${i}, ${'y'.repeat(90)}"`;
      rows.push(`E${i},T${i},C1,2024-05-02,09:00,,15,Jan,,configuration,,,${description}\n`);
    }
    const read = parseWorkLog(Buffer.from(header + rows.join('')), 'big.csv');
    expect(read.issues).toEqual([]);
    expect(read.value).toHaveLength(60_000);
    // Line of entry i: 1 (header) + i + the extra lines of the multi-line descriptions before it.
    for (const i of [1, 6, 7, 8, 29_999, 45_001, 60_000]) {
      const entry = read.value[i - 1]!;
      expect(entry.id).toBe(`E${i}`);
      expect(entry.source.line).toBe(1 + i + Math.floor((i - 1) / 7));
    }
    expect(read.value[6]!.description).toBe(`Řádek 7, "první"\ndruhý řádek ${'x'.repeat(60)}`);
  });

  it('a syntax error in a later piece means no entries from the file at all', () => {
    const header = 'id,customer,date,minutes,technician,activity,description\n';
    const good = Array.from({ length: 50_000 }, (_, i) => `E${i},C1,2024-05-02,15,Jan,outage,"${'z'.repeat(100)}"\n`).join('');
    const read = parseWorkLog(Buffer.from(`${header}${good}E-bad,C1,2024-05-02,15,Jan,outage,"never closed\n`), 'big.csv');
    expect(read.value).toEqual([]);
    expect(read.issues.map((i) => [i.code, i.source?.line])).toEqual([['csv-syntax', 50_002]]);
  });
});
