import { describe, expect, it } from 'vitest';
import { readClockTime, readDateAndTime, readIsoDate, readMinutes } from '../../src/io/fields.js';

const value = <T>(result: { ok: true; value: T } | { ok: false; message: string }) => (result.ok ? result.value : `error: ${result.message}`);

describe('dates as exports write them (issue 3)', () => {
  it('reads ISO and Czech forms to the same day', () => {
    expect(['2024-05-03', '3.5.2024', '3. 5. 2024', '03.05.2024', '3.05.2024'].map((raw) => value(readIsoDate(raw)))).toEqual(Array(5).fill('2024-05-03'));
  });

  it('refuses days that are not on the calendar and other spellings, naming the accepted forms', () => {
    expect(value(readIsoDate('29.2.2023'))).toBe('error: "29.2.2023" is not a day of the calendar');
    expect(value(readIsoDate('29.2.2024'))).toBe('2024-02-29');
    expect(value(readIsoDate('5/3/2024'))).toBe('error: "5/3/2024" is not a date (use YYYY-MM-DD or D.M.YYYY)');
    expect(value(readIsoDate('3.5.24'))).toMatch(/^error: /);
  });

  it('reads a time after the date as the start of the work', () => {
    expect(value(readDateAndTime('3.5.2024 9:05'))).toEqual({ date: '2024-05-03', time: '09:05' });
    expect(value(readDateAndTime('2024-05-03T14:30'))).toEqual({ date: '2024-05-03', time: '14:30' });
    expect(value(readDateAndTime('3. 5. 2024'))).toEqual({ date: '2024-05-03', time: null });
    expect(value(readDateAndTime('3.5.2024 24:00'))).toBe('error: "3.5.2024 24:00" has no valid time of day after the date');
  });

  it('reads times as Czech Excel writes them, with seconds (issue 16), to the minute', () => {
    expect(value(readDateAndTime('3.5.2024 9:05:00'))).toEqual({ date: '2024-05-03', time: '09:05' });
    expect(['9:00:00', '09:00:59', '9:00'].map((raw) => value(readClockTime(raw)))).toEqual(['09:00', '09:00', '09:00']);
    expect(value(readClockTime('23:59:59'))).toBe('23:59');
    expect(value(readClockTime('24:00:00'))).toMatch(/^error: "24:00:00" is not a time of day/);
    expect(value(readClockTime('9:00:60'))).toMatch(/^error: "9:00:60" is not a time of day/);
    expect(value(readClockTime('9:00:'))).toMatch(/^error/);
  });
});

describe('durations as exports write them (issue 3)', () => {
  it('reads minutes, H:MM and decimal hours with a unit to the same whole minutes', () => {
    expect(['90', '90 min', '1:30', '1,5 h', '1.5h', '1,5 hod', '1,50 h'].map((raw) => value(readMinutes(raw)))).toEqual(Array(7).fill(90));
    expect(['0:05', '0,1 h', '0,25 h', '2 h', '24:00'].map((raw) => value(readMinutes(raw)))).toEqual([5, 6, 15, 120, 1440]);
    // Czech Excel's h:mm:ss (issue 16): a started minute is worked, as the presets read seconds.
    expect(['1:30:00', '0:05:00', '0:04:01', '0:00:30', '24:00:00'].map((raw) => value(readMinutes(raw)))).toEqual([90, 5, 5, 1, 1440]);
    expect(value(readMinutes('24:00:01'))).toBe('error: "24:00:01" is more than a day; split the work into one entry per day');
    expect(value(readMinutes('0:00:00'))).toBe('error: "0:00:00" is not a duration: work must last more than 0 minutes');
    expect(value(readMinutes('1:30:75'))).toMatch(/^error: "1:30:75" is not a duration/);
  });

  it('refuses fractions of a minute rather than rounding them, and durations that are not plausible', () => {
    expect(value(readMinutes('0,33 h'))).toBe('error: "0,33 h" is 19,80 minutes; give whole minutes');
    expect(value(readMinutes('1.5'))).toBe('error: "1.5" is not a duration (use minutes like 90, H:MM like 1:30 or 1:30:00, or hours like 1,5 h)');
    expect(value(readMinutes('1:75'))).toMatch(/^error: "1:75" is not a duration/);
    expect(value(readMinutes('0:00'))).toBe('error: "0:00" is not a duration: work must last more than 0 minutes');
    expect(value(readMinutes('25 h'))).toBe('error: "25 h" is more than a day; split the work into one entry per day');
  });
});

describe('separator detection (issue 3)', () => {
  it('takes the separator the header uses most, ignoring quoted text and blank lines before it', async () => {
    const { detectDelimiter } = await import('../../src/io/read-csv.js');
    expect(detectDelimiter('id;case;"customer, name"\n1,2,3,4,5\n')).toBe(';');
    expect(detectDelimiter('\r\n\nid\tcase\tdate\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('id\n1\n')).toBe(',');
  });
});
