import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLog } from '../helpers/read-log.js';
import { convertRow, unmappedRequiredColumns, type LogFormat } from '../../src/io/log-format.js';
import { PRESETS } from '../../src/io/presets.js';

// Issue 3, other tools' exports: a format converts an export's values to our text forms; then the same field
// readers (and their checks) as for our own log apply.

const TOGGL_HEADER = 'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags';
const toggl = (...rows: string[]) => new TextEncoder().encode([TOGGL_HEADER, ...rows].join('\n') + '\n');
const readToggl = (...rows: string[]) => readLog(toggl(...rows), 'toggl.csv', { logFormat: PRESETS.toggl });

describe('reading a Toggl detailed export with --preset toggl', () => {
  it('maps its columns onto an entry; the id is who + when in our forms', () => {
    const read = readToggl('Jan Novák,jan@ipex.cz,C01,Podpora,T-1,Změna IVR,Yes,2024-05-02,09:00:00,2024-05-02,09:40:30,00:40:30,configuration');
    expect(read.issues).toEqual([]);
    expect(read.value).toMatchObject([
      {
        id: 'jan@ipex.cz 2024-05-02 09:00:00',
        caseId: 'T-1',
        customer: 'C01',
        date: '2024-05-02',
        start: '09:00',
        minutes: 41,
        technician: 'Jan Novák',
        activity: 'configuration',
        billable: null, // the tool's own Billable flag is not read: it would override the catalogue (R1)
        description: 'Změna IVR',
      },
    ]);
  });

  it('rounds a duration with seconds up to the started minute, and only then', () => {
    const minutesOf = (duration: string) => readToggl(`Jan,jan@ipex.cz,C01,,,x,Yes,2024-05-02,09:00:00,,,${duration},`).value[0]?.minutes;
    expect(minutesOf('00:15:00')).toBe(15);
    expect(minutesOf('00:15:01')).toBe(16);
    expect(minutesOf('00:00:01')).toBe(1);
    expect(minutesOf('10:00:00')).toBe(600);
  });

  it('an entry without a tag has no activity, so keywords or the review queue place it', () => {
    expect(readToggl('Jan,jan@ipex.cz,C01,,,Školení,Yes,2024-05-02,09:00:00,,,00:30:00,').value[0]?.activity).toBeNull();
  });

  it('says which value is not as Toggl writes it, with the column as the export names it', () => {
    const read = readToggl('Jan,jan@ipex.cz,C01,,,x,Yes,2.5.2024,9:00,,,1:30,');
    expect(read.value).toEqual([]);
    expect(read.issues.map((i) => [i.code, i.source?.column, i.message])).toEqual([
      ['bad-date', 'date', '"2.5.2024" is not a date as --preset toggl writes them (yyyy-MM-dd)'],
      ['bad-time', 'start', '"9:00" is not a time of day as --preset toggl writes them (HH:mm:ss or H:mm:ss or HH:mm)'],
      ['bad-minutes', 'minutes', '"1:30" is not a duration as --preset toggl writes them (hh:mm:ss)'],
    ]);
  });

  it('a file that is not a Toggl export is refused at its header, naming the columns Toggl has', () => {
    const read = readLog(new TextEncoder().encode('id,customer,date,minutes,technician,activity\nE1,C01,2024-05-02,30,Jan,outage\n'), 'log.csv', { logFormat: PRESETS.toggl });
    expect(read.issues.map((i) => i.message)).toContain('the header has no "Client" column, where the format reads customer (found: id, customer, date, minutes, technician, activity)');
    expect(read.issues.map((i) => i.message)).toContain('the header has no "Email" column, where the format reads id part 1 (found: id, customer, date, minutes, technician, activity)');
  });
});

describe('convertRow', () => {
  const format: LogFormat = {
    name: 'test format',
    columns: { customer: 'Klient', date: 'Den', start: 'Začátek', minutes: 'Hodin', technician: 'Kdo', activity: 'Štítek' },
    idFrom: ['Kdo', 'Den', 'Začátek'],
    dateFormats: ['MM/dd/yyyy', 'yyyy-MM-dd'],
    timeFormats: ['hh:mm:ss a', 'HH:mm:ss'],
    duration: 'decimal-hours',
    values: { customer: { 'Pekárna U Nováků': 'C02' }, activity: { Školení: 'training' } },
  };
  const row = (values: Record<string, string>) => {
    const all: Record<string, string> = { 'id part 1': values.technician ?? '', 'id part 2': values.date ?? '', 'id part 3': values.start ?? '', ...values };
    return { problems: convertRow(format, all), values: all };
  };

  it('maps values ignoring case and diacritics, and leaves unknown ones for the usual checks', () => {
    expect(row({ customer: 'pekarna u novaku', activity: 'SKOLENI' }).values).toMatchObject({ customer: 'C02', activity: 'training' });
    expect(row({ customer: 'Hotel Slunce' }).values.customer).toBe('Hotel Slunce');
  });

  it('reads 12-hour times and US dates into our forms', () => {
    expect(row({ date: '05/14/2024', start: '02:05:09 PM' }).values).toMatchObject({ date: '2024-05-14', start: '14:05' });
    expect(row({ date: '05/14/2024', start: '12:00:00 AM' }).values.start).toBe('00:00');
  });

  it('takes decimal hours exactly, through our own reader', () => {
    expect(row({ minutes: '1.25' }).values.minutes).toBe('1.25 h');
  });

  it('reports a time it cannot read, and keeps the value as written', () => {
    const { problems, values } = row({ start: '25:00:00' });
    expect(problems).toEqual([{ column: 'start', message: '"25:00:00" is not a time of day as test format writes them (hh:mm:ss a or HH:mm:ss)' }]);
    expect(values.start).toBe('25:00:00');
  });

  it('gives an entry the same id however the tool writes its dates and times (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: 0, max: 86_399 }),
        (day, second) => {
          const iso = day.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-');
          const h = Math.floor(second / 3600);
          const mm = String(Math.floor((second % 3600) / 60)).padStart(2, '0');
          const ss = String(second % 60).padStart(2, '0');
          const twentyFour = `${String(h).padStart(2, '0')}:${mm}:${ss}`;
          const twelve = `${String(h % 12 === 0 ? 12 : h % 12).padStart(2, '0')}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
          const a = row({ technician: 'Jan', date: iso, start: twentyFour });
          const b = row({ technician: 'Jan', date: `${m}/${d}/${y}`, start: twelve });
          expect(a.problems).toEqual([]);
          expect(b.problems).toEqual([]);
          expect(b.values.id).toBe(a.values.id);
          expect(a.values.id).toBe(`Jan ${iso} ${twentyFour}`);
        },
      ),
    );
  });
});

describe('unmappedRequiredColumns', () => {
  it('names what a format must map before any entry can be billed', () => {
    expect(unmappedRequiredColumns({ name: 'x', columns: { customer: 'Client' } })).toEqual(['id (or idFrom)', 'date', 'technician', 'minutes (or start and end)']);
    expect(unmappedRequiredColumns({ name: 'x', columns: { id: 'Id', customer: 'C', date: 'D', technician: 'T', start: 'S', end: 'E' } })).toEqual([]);
  });

  it('the shipped presets map everything a bill needs', () => {
    for (const preset of Object.values(PRESETS)) expect(unmappedRequiredColumns(preset)).toEqual([]);
  });
});
