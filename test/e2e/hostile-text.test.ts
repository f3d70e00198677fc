import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { cli } from '../helpers/in-process.js';

// Issue 13, part 2: text from the data never reaches a terminal raw. On stdout, stderr and in the .txt
// statements, control characters and bidi controls are spelled out and long fields are cut; lines.csv and
// --json keep the data exactly as read.

/** Any character that must never be written raw: C0 but tab and line feed, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HEADER = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n';
const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** A month of one STANDARD customer whose entry E1 has `description`, written with --out; the CLI's outputs. */
async function billWith(description: string, options: { name?: string; technician?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-hostile-'));
  writeFileSync(join(dir, 'log.csv'), `${HEADER}E1,T1,C1,2024-05-30,09:00,,50,${csvField(options.technician ?? 'Jan Novák')},,configuration,,,${csvField(description)}\n`);
  writeFileSync(join(dir, 'customers.csv'), `customer,name,tier\nC1,${csvField(options.name ?? 'Pekárna')},STANDARD\n`);
  mkdirSync(join(dir, 'out'));
  const args = ['run', '--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv'];
  const run = (await cli([...args, '--out', 'out', '--statements', 'all'], { cwd: dir }));
  const json = (await cli([...args, '--json'], { cwd: dir }));
  const file = (path: string) => readFileSync(join(dir, 'out', '2024-05', path), 'utf8');
  const lines = parse(file('lines.csv'), { columns: true }) as Record<string, string>[];
  return { run, json, txt: file('statements/C1.txt'), lines, dir };
}

/** Text without white space: a description is wrapped inside its column, at spaces or, for a long word, anywhere. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** The description column of a statement's table of entries, its wrapped lines joined (without white space). */
function descriptionColumn(statement: string): string {
  const lines = statement.split('\n');
  const head = lines.findIndex((line) => line.includes('Description'));
  const at = lines[head]!.indexOf('Description');
  const rows: string[] = [];
  for (const line of lines.slice(head + 1)) {
    if (line === '') break;
    rows.push(line.slice(at, at + 44));
  }
  return squash(rows.join(''));
}

function expectNothingRaw(...texts: string[]) {
  for (const text of texts) expect(RAW.test(text), JSON.stringify(text.match(RAW)?.[0])).toBe(false);
}

describe('hostile text in the data (issue 13)', { timeout: 60_000 }, () => {
  it('ESC, CSI and OSC sequences (clear screen, colours, window title) are spelled out; lines.csv and JSON keep them', async () => {
    const description = 'Nová linka \u001b[2J\u001b[31mred\u001b[0m \u001b]0;pwned\u0007 konec';
    const { run, json, txt, lines } = await billWith(description, { name: 'Pekárna \u001b]0;title\u0007' });
    expect(run.status).toBe(0);
    expectNothingRaw(run.stdout, run.stderr, txt, json.stderr);
    expect(descriptionColumn(run.stdout)).toContain(squash('Nová linka \\x1b[2J\\x1b[31mred\\x1b[0m \\x1b]0;pwned\\x07 konec'));
    expect(run.stdout).toContain('C1 · Pekárna \\x1b]0;title\\x07 · 2024-05');
    expect(txt).toContain('\\x1b[2J');
    expect(lines[0]!.description).toBe(description);
    expect(JSON.parse(json.stdout).statements[0].lines[0].description).toBe(description);
  });

  it('C1 controls (a one-byte CSI, NEL) and DEL are spelled out', async () => {
    const description = 'před\u009b2Jpo\u0085\u007f';
    const { run, json, txt, lines } = await billWith(description, { technician: 'Jan\u0090' });
    expect(run.status).toBe(0);
    expectNothingRaw(run.stdout, run.stderr, txt, json.stdout);
    expect(descriptionColumn(run.stdout)).toContain('před\\x9b2Jpo\\x85\\x7f');
    expect(run.stdout).toContain('Jan\\x90');
    expect(lines[0]!.description).toBe(description);
    // JSON escapes them as \u sequences: the same string for any JSON reader.
    expect(json.stdout).toContain('před\\u009b2Jpo\\u0085\\u007f');
    expect(JSON.parse(json.stdout).statements[0].lines[0].description).toBe(description);
  });

  it('bidi controls ("Trojan Source": U+202A–U+202E, U+2066–U+2069) are spelled out', async () => {
    const description = 'faktura \u202eTXT.exe\u202c \u2067izolace\u2069 \u2066a\u2068b\u202a\u202b\u202d';
    const { run, json, txt, lines } = await billWith(description);
    expect(run.status).toBe(0);
    expectNothingRaw(run.stdout, run.stderr, txt, json.stdout);
    expect(descriptionColumn(txt)).toContain(squash('faktura \\u202eTXT.exe\\u202c \\u2067izolace\\u2069 \\u2066a\\u2068b\\u202a\\u202b\\u202d'));
    expect(lines[0]!.description).toBe(description);
    expect(JSON.parse(json.stdout).statements[0].lines[0].description).toBe(description);
  });

  it('a 2 MB pasted description (two pieces of the log) is cut on screen and in the .txt statement, and kept whole in lines.csv', async () => {
    const description = `Začátek ${'á'.repeat(1024 * 1024)}`;
    const { run, txt, lines } = await billWith(description);
    expect(run.status).toBe(0);
    expect(run.stdout.length).toBeLessThan(20_000);
    expect(run.stdout.split('\n').length).toBeLessThan(60);
    const more = (description.length - 500).toLocaleString('en-US').replace(/,/g, ' ');
    expect(descriptionColumn(run.stdout)).toContain(squash(`${'á'.repeat(500 - 'Začátek '.length)}… (${more} more characters in log.csv:2)`));
    expect(descriptionColumn(txt)).toContain(squash(`… (${more} more characters in log.csv:2)`));
    expect(txt.length).toBeLessThan(20_000);
    expect(lines[0]!.description).toBe(description);
  });

  it('a hostile value in an error message is spelled out on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-hostile-'));
    writeFileSync(join(dir, 'log.csv'), `${HEADER}E1,T1,C1,2024-05-30,09:00,,"1\u001b]52;c;ZXZpbA==\u0007",Jan,,configuration,,,x\n`);
    writeFileSync(join(dir, 'customers.csv'), 'customer,name,tier\nC1,P,STANDARD\n');
    const result = (await cli(['run', '--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv'], { cwd: dir }));
    expect(result.status).toBe(3);
    expectNothingRaw(result.stderr);
    expect(result.stderr).toContain('"1\\x1b]52;c;ZXZpbA==\\x07"');
  });

  it('on a colour terminal the tool\u2019s own colours pass, the data\u2019s escape sequences do not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-hostile-'));
    writeFileSync(join(dir, 'log.csv'), `${HEADER}E1,T1,C1,2024-05-30,09:00,,50,Jan,,configuration,,,"a \u001b[2J b"\n`);
    writeFileSync(join(dir, 'customers.csv'), 'customer,name,tier\nC1,P,STANDARD\n');
    const result = await runInProcess(['run', '--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv'], dir, undefined, { FORCE_COLOR: '1' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\u001b[1m'); // bold headings: the tool's own
    expect(result.stdout).toContain('a \\x1b[2J b');
    expect(result.stdout).not.toContain('\u001b[2J');
  });
});
