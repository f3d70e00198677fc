import { describe, expect, it } from 'vitest';
import { readLog } from '../helpers/read-log.js';

const HEADER = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description';
const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (...rows: string[]) => readLog(bytes([HEADER, ...rows].join('\n') + '\n'), 'log.csv');
const problems = (...rows: string[]) => parse(...rows).issues.map((i) => `${i.source?.line}:${i.source?.column ?? ''} ${i.code} ${i.value ?? ''}`);

describe('reading a work log', () => {
  it('takes the start time from the date column when an export puts it there, and refuses two different starts', () => {
    const { value } = parse('E1,T1,C1,3.5.2024 9:05,,10:35,,Jan,,configuration,,,');
    expect(value[0]).toMatchObject({ date: '2024-05-03', start: '09:05', end: '10:35', minutes: 90 });
    expect(problems('E2,T1,C1,3.5.2024 9:05,10:00,,30,Jan,,configuration,,,')).toEqual(['2:start bad-time 10:00']);
    expect(parse('E3,T1,C1,3.5.2024 9:05,09:05,,30,Jan,,configuration,,,').issues).toEqual([]);
  });

  it('reads an entry with every column', () => {
    const { value, issues } = parse('E1,T1,C1,2024-05-02,9:05,,30,Jan Novák,Technik,Configuration,zákazník,ano,"Změna IVR, nová fronta"');
    expect(issues).toEqual([]);
    expect(value).toEqual([
      {
        id: 'E1', caseId: 'T1', customer: 'C1', date: '2024-05-02', start: '09:05', end: null, minutes: 30, technician: 'Jan Novák',
        role: 'technician', activity: 'configuration', cause: 'customer', billable: true, description: 'Změna IVR, nová fronta',
        source: { file: 'log.csv', line: 2 },
      },
    ]);
  });

  it('matches columns by name in any order and any case, ignoring unknown columns', () => {
    const text = 'Minutes,Technician,DATE,Customer,ID,Activity,Extra\n15,Eva,2024-05-03,C2,E9,outage,x\n';
    const { value, issues } = readLog(bytes(text), 'log.csv');
    expect(issues).toEqual([]);
    expect(value[0]).toMatchObject({ id: 'E9', customer: 'C2', minutes: 15, caseId: null, activity: 'outage' });
  });

  it('computes the duration from start and end', () => {
    expect(parse('E1,,C1,2024-05-02,09:10,10:25,,Jan,,outage,,,').value[0]?.minutes).toBe(75);
  });

  it('counts the real time across the spring clock change (01:30–03:30 is one hour)', () => {
    expect(parse('E1,,C1,2024-03-31,01:30,03:30,,Jan,,outage,,,').value[0]?.minutes).toBe(60);
  });

  it('counts the real time across the autumn clock change (01:30–03:30 is three hours)', () => {
    expect(parse('E1,,C1,2024-10-27,01:30,03:30,,Jan,,outage,,,').value[0]?.minutes).toBe(180);
  });

  it('reads a time in the repeated autumn hour as its first, summer-time occurrence', () => {
    expect(parse('E1,,C1,2024-10-27,02:30,03:30,,Jan,,outage,,,').value[0]?.minutes).toBe(120);
    expect(parse('E1,,C1,2024-10-27,01:30,02:30,,Jan,,outage,,,').value[0]?.minutes).toBe(60);
  });

  it('rejects a time in the hour skipped in spring', () => {
    expect(problems('E1,,C1,2024-03-31,02:30,03:30,,Jan,,outage,,,')).toEqual(['2:start nonexistent-time 02:30–03:30']);
  });

  it('reports every bad field of every row with its line, column and value', () => {
    expect(
      problems(
        'E1,,C1,2024-02-30,,,abc,Jan,boss,outage,maybe,perhaps,',
        ',,,,,,0,,,outage,,,',
        'E3,,C1,2024-05-02,25:00,,-5,Jan,,outage,,,',
      ),
    ).toEqual([
      '2:date bad-date 2024-02-30',
      '2:minutes bad-minutes abc',
      '2:role bad-role boss',
      '2:cause bad-cause maybe',
      '2:billable bad-billable perhaps',
      '3:id missing-value ',
      '3:customer missing-value ',
      '3:date missing-value ',
      '3:minutes bad-minutes 0',
      '3:technician missing-value ',
      '4:start bad-time 25:00',
      '4:minutes bad-minutes -5',
    ]);
  });

  it('rejects end before start, a zero-length span and minutes that disagree with start–end', () => {
    expect(
      problems('E1,,C1,2024-05-02,10:00,09:00,,Jan,,outage,,,', 'E2,,C1,2024-05-02,10:00,10:00,,Jan,,outage,,,', 'E3,,C1,2024-05-02,10:00,10:30,45,Jan,,outage,,,'),
    ).toEqual(['2:end end-before-start 09:00', '3:end end-before-start 10:00', '4:minutes duration-mismatch 45']);
  });

  it('rejects an entry with neither minutes nor start and end, and one longer than a day', () => {
    expect(problems('E1,,C1,2024-05-02,,,,Jan,,outage,,,', 'E2,,C1,2024-05-02,,,1441,Jan,,outage,,,')).toEqual([
      '2:minutes missing-duration ',
      '3:minutes bad-minutes 1441',
    ]);
  });

  it('names the starting line of a row whose quoted description spans lines', () => {
    const { value } = parse('E1,,C1,2024-05-02,,,5,Jan,,outage,,,"first\nsecond"', 'E2,,C1,2024-05-02,,,5,Jan,,outage,,,');
    expect(value.map((e) => e.source.line)).toEqual([2, 4]);
  });

  it('counts lines the same with Windows line ends, blank lines and a value spanning lines', () => {
    const text = [HEADER, 'E1,,C1,2024-05-02,,,5,Jan,,outage,,,"one\r\ntwo"', '', 'E2,,C1,2024-05-02,,,5,Jan,,outage,,,', ''].join('\r\n');
    const { value, issues } = readLog(bytes(text), 'log.csv');
    expect(issues).toEqual([]);
    expect(value.map((e) => [e.id, e.source.line])).toEqual([['E1', 2], ['E2', 5]]);
    expect(value[0]?.description).toBe('one\r\ntwo');
  });

  it('allows blank lines before the header', () => {
    const { value, issues } = readLog(bytes(`\n\n${HEADER}\nE1,,C1,2024-05-02,,,5,Jan,,outage,,,\n`), 'log.csv');
    expect(issues).toEqual([]);
    expect(value.map((e) => e.source.line)).toEqual([4]);
  });

  it('skips empty lines and rows of empty fields, and keeps the real line numbers', () => {
    const { value, issues } = parse('', ',,,,,,,,,,,,', 'E1,,C1,2024-05-02,,,5,Jan,,outage,,,');
    expect(issues).toEqual([]);
    expect(value.map((e) => e.source.line)).toEqual([4]);
  });
});

describe('reading a broken CSV file', () => {
  it('points at the row whose quote is never closed', () => {
    const result = parse('E1,,C1,2024-05-02,,,5,Jan,,outage,,,ok', 'E2,,C1,2024-05-02,,,5,Jan,,outage,,,"never closed', 'E3,,C1,2024-05-02,,,5,Jan,,outage,,,');
    expect(result.issues).toMatchObject([{ code: 'csv-syntax', source: { file: 'log.csv', line: 3 } }]);
    expect(result.issues[0]?.message).toContain('never closed');
  });

  it('reports a missing required column by name', () => {
    const result = readLog(bytes('id,date,minutes,technician,activity\nE1,2024-05-02,5,Jan,outage\n'), 'log.csv');
    expect(result.issues).toMatchObject([{ code: 'missing-column', value: 'customer', source: { line: 1 } }]);
  });

  it('needs a minutes column or start and end columns', () => {
    const result = readLog(bytes('id,customer,date,technician,activity,start\nE1,C1,2024-05-02,Jan,outage,09:00\n'), 'log.csv');
    expect(result.issues.map((i) => i.code)).toEqual(['missing-column']);
  });

  it('reports a row with too many fields', () => {
    expect(problems('E1,,C1,2024-05-02,,,5,Jan,,outage,,,a,b')).toEqual(['2: field-count 14']);
  });

  it('reports an empty file, a duplicated column, and text that is not UTF-8 when UTF-8 was asked for', () => {
    expect(readLog(bytes('  \n'), 'log.csv').issues.map((i) => i.code)).toEqual(['empty-file']);
    expect(readLog(bytes(`${HEADER},id\n`), 'log.csv').issues.map((i) => i.code)).toEqual(['duplicate-column']);
    const win1250 = Uint8Array.from([...bytes(`${HEADER}\nE1,,C1,2024-05-02,,,5,Jan,,outage,,,Zm`), 0xec, 0x6e, 0x61, 0x0a]);
    expect(readLog(win1250, 'log.csv', { encoding: 'utf-8' }).issues).toMatchObject([{ code: 'bad-encoding', source: { line: 2 } }]);
  });

  it('recognises Czech column names and values, ignoring case and diacritics (issue 3)', () => {
    const czech = 'ID,Případ,ZAKAZNIK,datum,Od,Do,Doba,Technik,Role,Činnost,Příčina,Účtovat,Popis\nE1,T1,C1,3.5.2024,9:05,,"1,5 h",Jan,Konzultant,diagnostics,zakaznik,ANO,x\n';
    const { value, issues } = readLog(bytes(czech), 'log.csv');
    expect(issues).toEqual([]);
    expect(value[0]).toMatchObject({ caseId: 'T1', customer: 'C1', date: '2024-05-03', start: '09:05', minutes: 90, role: 'consultant', cause: 'customer', billable: true });
  });

  it('refuses two columns that mean the same, naming both as written', () => {
    const { issues } = readLog(bytes(`${HEADER},Doba\n`), 'log.csv');
    expect(issues).toMatchObject([{ code: 'duplicate-column', message: 'columns "minutes" and "Doba" both mean minutes; keep one' }]);
  });

  it('reads bytes that are not UTF-8 as Windows-1250, as Czech Excel writes them (issue 3)', () => {
    const win1250 = Uint8Array.from([...bytes(`${HEADER}\nE1,,C1,2024-05-02,,,5,Jan,,outage,,,Zm`), 0xec, 0x6e, 0x61, 0x20, 0x9a, 0x9e, 0x0a]);
    expect(readLog(win1250, 'log.csv').value[0]?.description).toBe('Změna šž');
    const utf16 = new Uint8Array(Buffer.from(`${HEADER}\n`, 'utf16le'));
    expect(readLog(utf16, 'log.csv').issues).toMatchObject([{ code: 'bad-encoding', source: { line: 1 } }]);
  });

  it('reads a UTF-8 file with a byte-order mark', () => {
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(`${HEADER}\nE1,,C1,2024-05-02,,,5,Jan,,outage,,,\n`)]);
    expect(readLog(withBom, 'log.csv')).toMatchObject({ issues: [], value: [{ id: 'E1' }] });
  });
});
