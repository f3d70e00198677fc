import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// Issue 3 (R14): invalid rows stop the run unless --reject-invalid is given; then each is set aside into
// rejected.csv with its reason, the rest is billed, and rows read = billed + free + rejected + the others.
//
// fixtures/reject-invalid/work-log.csv: A1 is valid (May); A8 is valid but in June; every other row has one
// problem: A2 no such day, A3 no duration, A4 twice (both rows), A5 an unknown customer, A6 minutes that
// disagree with start–end, A7 an unquoted comma (one field too many).

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-reject-'));
  cpSync(join(REPO, 'fixtures/reject-invalid'), dir, { recursive: true });
  mkdirSync(join(dir, 'out'));
  return {
    dir,
    bill: (...extra: string[]) => cli(['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--out', 'out', ...extra], { cwd: dir }),
    read: (path: string) => readFileSync(join(dir, 'out', path), 'utf8'),
  };
}

describe('--reject-invalid (issue 3)', () => {
  it('without the flag, stops at the first invalid row and writes nothing', async () => {
    const ws = workspace();
    const result = (await ws.bill());
    expect(result.status).toBe(3);
    expect(readdirSync(join(ws.dir, 'out'))).toEqual([]);
  });

  it('sets every invalid row aside with its reason, bills the rest, and accounts for every row read', async () => {
    const ws = workspace();
    const result = (await ws.bill('--reject-invalid'));
    expect(result.status).toBe(0);
    const rejected = parse(ws.read('2024-05/rejected.csv'), { columns: true }) as Record<string, string>[];
    expect(rejected.map((r) => [r.line, r.id])).toEqual([
      ['3', 'A2'], ['4', 'A3'], ['5', 'A4'], ['6', 'A4'], ['7', 'A5'], ['8', 'A6'], ['9', ''],
    ]);
    expect(rejected.map((r) => r.problem!.split(':')[0])).toEqual(['date', 'minutes', 'entry id "A4" is used by more than one row; all of them are set aside', 'entry id "A4" is used again (first at work-log.csv', 'entry A5 is for customer "C99", who is not in the customer file', 'minutes', 'the row has 14 fields but the header has 13; a value containing a comma must be in double quotes']);
    // The row as written, so it can be fixed and billed later; a row that does not split into the header's columns keeps its fields.
    expect(rejected[1]).toMatchObject({ minutes: 'hodně', description: 'bad minutes' });
    expect(rejected[6]!.fields).toBe('A7 | T8 | C02 | 2024-05-06 | 09:00 |  | 30 | Jan |  | training |  |  | too | many');

    const lines = parse(ws.read('2024-05/lines.csv'), { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => l.entry_id)).toEqual(['A1']);
    const { rows, outputs } = JSON.parse(ws.read('2024-05/manifest.json'));
    // 9 data rows in the file: 1 billed in May, 1 dated June, 7 set aside.
    expect(rows).toMatchObject({ read: 9, billed: 1, free: 0, rejected: 7, later: 1 });
    expect(outputs.map((o: { file: string }) => o.file)).toContain('rejected.csv');
    expect(result.stderr).toContain('Set aside by --reject-invalid, not billed: 7 rows (listed with their reasons in rejected.csv):\n  work-log.csv:3: date: "2024-05-32" is not a day of the calendar\n');
    expect((await cli(['verify', 'out/2024-05'], { cwd: ws.dir })).status).toBe(0);
  });

  it('still stops for problems that are not one row\u2019s: a missing column, the customer file', async () => {
    const ws = workspace();
    const noColumn = (await cli(['run', '--month', '2024-05', '--logs', 'customers.csv', '--customers', 'customers.csv', '--reject-invalid'], { cwd: ws.dir }));
    expect(noColumn.status).toBe(3);
    expect(noColumn.stderr).toContain('the header has no "id"');
    appendFileSync(join(ws.dir, 'customers.csv'), 'C03,Autoservis,GOLD,\n');
    const badTier = (await ws.bill('--reject-invalid'));
    expect(badTier.status).toBe(3);
    expect(badTier.stderr).toContain('customers.csv:5:tier:');
    expect(readdirSync(join(ws.dir, 'out'))).toEqual([]);
  });
});
