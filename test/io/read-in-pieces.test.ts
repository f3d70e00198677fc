import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { bytesInMemory, PIECE_BYTES, recordPieces } from '../../src/io/byte-source.js';
import { readLog } from '../helpers/read-log.js';

// Issue 6: large files are parsed a few megabytes at a time, cut between records. A cut inside a quoted value
// (which may hold separators, quotes and line breaks) would split a record in two.

describe('cutting a file into pieces of whole records', () => {
  const value = fc.string({ unit: fc.constantFrom('a', 'č', ',', ';', '"', '\n', '\r\n', ' ', 'x') });

  it('every piece parses to whole records, and together they are the file (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (rows, size) => {
        const bytes = Buffer.from(stringify(rows, { quote_record_delimiter: true }));
        const pieces = [...recordPieces(bytesInMemory(bytes, size).pieces())];
        expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
        pieces.slice(0, -1).forEach((piece) => expect(piece.at(-1)).toBe(0x0a));
        const records = pieces.flatMap((piece) => parse(piece, { relax_column_count: true }) as string[][]);
        expect(records).toEqual(parse(bytes, { relax_column_count: true }));
      }),
      { numRuns: 300 },
    );
  });

  it('a quote never closed makes the rest of the file one piece', () => {
    const bytes = Buffer.from('a,b\n1,"open\n2,3\n4,5\n');
    expect([...recordPieces(bytesInMemory(bytes, 2).pieces())].map(String)).toEqual(['a,b\n', '1,"open\n2,3\n4,5\n']);
  });
});

describe('a work log larger than one piece', () => {
  it('reads every entry with its line, across pieces and multi-line descriptions', () => {
    const header = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n';
    const rows: string[] = [];
    // ~3 MB: three pieces; every 7th description spans two lines.
    for (let i = 1; i <= 20_000; i++) {
      const description = i % 7 === 0 ? `"Řádek ${i}, ""první""\ndruhý řádek ${'x'.repeat(60)}"` : `"Popis ${i}, ${'y'.repeat(90)}"`;
      rows.push(`E${i},T${i},C1,2024-05-02,09:00,,15,Jan,,configuration,,,${description}\n`);
    }
    const bytes = Buffer.from(header + rows.join(''));
    expect(bytes.length).toBeGreaterThan(2 * PIECE_BYTES);
    const read = readLog(bytes, 'big.csv');
    expect(read.issues).toEqual([]);
    expect(read.value).toHaveLength(20_000);
    // Line of entry i: 1 (header) + i + the extra lines of the multi-line descriptions before it.
    for (const i of [1, 6, 7, 8, 9_999, 15_001, 20_000]) {
      const entry = read.value[i - 1]!;
      expect(entry.id).toBe(`E${i}`);
      expect(entry.source.line).toBe(1 + i + Math.floor((i - 1) / 7));
    }
    expect(read.value[6]!.description).toBe(`Řádek 7, "první"\ndruhý řádek ${'x'.repeat(60)}`);
  });

  it('a syntax error in a later piece means no entries from the file at all', () => {
    const header = 'id,customer,date,minutes,technician,activity,description\n';
    const good = Array.from({ length: 10_000 }, (_, i) => `E${i},C1,2024-05-02,15,Jan,outage,"${'z'.repeat(100)}"\n`).join('');
    expect(good.length).toBeGreaterThan(PIECE_BYTES);
    const read = readLog(Buffer.from(`${header}${good}E-bad,C1,2024-05-02,15,Jan,outage,"never closed\n`), 'big.csv');
    expect(read.value).toEqual([]);
    expect(read.issues.map((i) => [i.code, i.source?.line])).toEqual([['csv-syntax', 10_002]]);
  });
});

describe('a log read from disk a piece at a time (issue 6)', () => {
  const header = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n';
  const row = fc.record({
    minutes: fc.integer({ min: 1, max: 90 }),
    description: fc.string({ unit: fc.constantFrom('a', 'č', 'Ř', '€', '😀', ',', '"', '\n', ' ') }),
  });
  const win1250 = (text: string) => Buffer.from([...text].map((c) => ({ č: 0xe8, Ř: 0xd8 })[c] ?? c.charCodeAt(0)));

  it('reads the same entries and problems however the file is cut into pieces: UTF-8, Windows-1250, bad bytes', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('utf-8', 'windows-1250', 'bad byte', 'NUL'),
        (rows, pieceBytes, kind) => {
          const text = header + rows.map((r, i) => `E${i},T1,C1,2024-05-02,09:00,,${r.minutes},Jan,,outage,,,"${r.description.replaceAll('"', '""')}"\n`).join('');
          let bytes = kind === 'windows-1250' ? win1250(text.replace(/€|😀/gu, 'x')) : Buffer.from(text);
          if (kind === 'bad byte' || kind === 'NUL') {
            const at = header.length + Math.floor((bytes.length - header.length) / 2);
            bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([kind === 'NUL' ? 0 : 0xff]), bytes.subarray(at)]);
          }
          for (const encoding of ['auto', 'utf-8'] as const) {
            const whole = readLog(bytes, 'log.csv', { encoding });
            const inPieces = readLog(bytesInMemory(bytes, pieceBytes), 'log.csv', { encoding });
            expect(inPieces).toEqual(whole);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the line of the first byte that is not UTF-8, and of a NUL byte, in a later piece', () => {
    const rows = Array.from({ length: 9 }, (_, i) => `E${i},T1,C1,2024-05-02,09:00,,5,Jan,,outage,,,čárka ${i}\n`).join('');
    const bad = Buffer.concat([Buffer.from(header + rows), Buffer.from([0xe8]), Buffer.from(',\n')]);
    expect(readLog(bytesInMemory(bad, 16), 'log.csv', { encoding: 'utf-8' }).issues).toMatchObject([{ code: 'bad-encoding', source: { line: 11 } }]);
    const nul = Buffer.concat([Buffer.from(header + rows), Buffer.from([0])]);
    expect(readLog(bytesInMemory(nul, 16), 'log.csv').issues).toMatchObject([{ code: 'bad-encoding', source: { line: 11 } }]);
  });
});
