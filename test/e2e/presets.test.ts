import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { monthOutputs, REPO } from './run-cli.js';

// Issue 3, other tools' exports: fixtures/presets/ holds one month of work as our own log and as Toggl's and
// Clockify's detailed exports (see generate.mjs there). Read with their presets, the exports must bill to the
// same statements and files as our log, byte for byte.

const FOLDER = join(REPO, 'fixtures/presets');

async function bill(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-preset-'));
  const result = await cli(['run', '--month', '2024-05', '--customers', 'customers.csv', '--out', out, ...args], { cwd: FOLDER });
  const files = result.status === 0 ? monthOutputs(join(out, '2024-05')) : {};
  return { ...result, stderr: result.stderr.replaceAll(out, '<out>'), files, out };
}

describe('--preset: Toggl and Clockify exports bill like our own log (issue 3)', () => {
  let canonical: Awaited<ReturnType<typeof bill>>;
  beforeAll(async () => {
    canonical = await bill(['--logs', 'canonical/work-log.csv']);
  });

  it('bills the month from our own log', async () => {
    expect(canonical.status).toBe(0);
    expect(canonical.stderr).toContain('Wrote <out>/2024-05/');
    expect(Object.keys(canonical.files)).toEqual(expect.arrayContaining(['lines.csv', 'summary.csv', 'units.csv', 'statements/C02.txt']));
    expect(canonical.stdout).toContain('(keyword)');
  });

  it.each([
    ['a Toggl export, with a config that maps client names to customer ids', ['--config', 'toggl/ipex-bill.config.json', '--logs', 'toggl/toggl-detailed-2024-05.csv']],
    ['a Toggl export, --preset toggl naming the preset the config builds on', ['--preset', 'toggl', '--config', 'toggl/ipex-bill.config.json', '--logs', 'toggl/toggl-detailed-2024-05.csv']],
    ['a Clockify export (US dates, 12-hour times)', ['--preset', 'clockify', '--logs', 'clockify/clockify-detailed-2024-05.csv']],
  ])('%s', async (_, args) => {
    const billed = await bill(args);
    expect(billed.stderr).toBe(canonical.stderr);
    expect(billed.status).toBe(0);
    expect(billed.stdout).toBe(canonical.stdout);
    expect(billed.files).toEqual(canonical.files);
  });

  it('the manifest records the export as the work log it was', async () => {
    const billed = await bill(['--preset', 'clockify', '--logs', 'clockify/clockify-detailed-2024-05.csv']);
    const manifest = JSON.parse(readFileSync(join(billed.out, '2024-05', 'manifest.json'), 'utf8'));
    expect(manifest.inputs).toContainEqual(expect.objectContaining({ kind: 'work-log', file: 'clockify/clockify-detailed-2024-05.csv', encoding: 'utf-8', delimiter: 'comma' }));
  });

  it('a Toggl export without the client-name map stops on the unknown customers, named as the export writes them', async () => {
    const billed = await bill(['--preset', 'toggl', '--logs', 'toggl/toggl-detailed-2024-05.csv']);
    expect(billed.status).toBe(3);
    expect(billed.stderr).toContain('toggl/toggl-detailed-2024-05.csv:2:Client: entry jan.novak@ipex.cz 2024-05-02 09:00:00 is for customer "Velký zákazník a.s.", who is not in the customer file');
    expect(billed.stderr).not.toMatch(/\n\s+at /);
  });

  it('our own log read as a Toggl export is refused at its header, naming the columns Toggl writes', async () => {
    const billed = await bill(['--preset', 'toggl', '--logs', 'canonical/work-log.csv']);
    expect(billed.status).toBe(3);
    expect(billed.stderr).toContain('canonical/work-log.csv:1: the header has no "Client" column, where the format reads customer');
    expect(readdirSync(billed.out)).toEqual([]);
  });

  it('a custom format in the config must map what a bill needs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-format-'));
    writeFileSync(join(folder, 'ipex-bill.config.json'), JSON.stringify({ logFormat: { columns: { customer: 'Klient', date: 'Den' } } }));
    mkdirSync(join(folder, 'out'));
    const result = await cli(['run', '--month', '2024-05', '--logs', 'x.csv', '--customers', 'y.csv'], { cwd: folder });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('ipex-bill.config.json: logFormat.columns must map id (or idFrom), technician, minutes (or start and end): no entry can be billed without them');
  });

  it('a custom format in the config reads a Kimai-like export', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-kimai-'));
    writeFileSync(
      join(folder, 'ipex-bill.config.json'),
      JSON.stringify({
        logFormat: {
          columns: { id: 'ID', customer: 'Zákazník', date: 'Datum', start: 'Od', end: 'Do', technician: 'Uživatel', activity: 'Činnost', description: 'Popis' },
          dateFormats: ['dd.MM.yyyy'],
          timeFormats: ['HH:mm'],
          values: { activity: { Konfigurace: 'configuration', Výpadek: 'outage' } },
        },
      }),
    );
    writeFileSync(join(folder, 'kimai.csv'), 'ID;Datum;Od;Do;Uživatel;Zákazník;Činnost;Popis\n17;02.05.2024;09:00;10:10;Jan Novák;C02;Konfigurace;Nová linka\n18;03.05.2024;09:00;09:30;Jan Novák;C02;Výpadek;Porucha\n');
    writeFileSync(join(folder, 'customers.csv'), 'customer,name,tier\nC02,Pekárna,STANDARD\n');
    const result = await cli(['run', '--month', '2024-05', '--logs', 'kimai.csv', '--customers', 'customers.csv', '--json'], { cwd: folder });
    // Two entries at the start of May: the run says the export may be incomplete (issue 13).
    expect(result.stderr).toBe(
      "ipex-bill: warning: the newest entry of 2024-05 is dated 2024-05-03, 28 days before the month's last day; the export may be incomplete (was it taken before the month was over?).\n",
    );
    expect(result.status).toBe(0);
    const bill = JSON.parse(result.stdout);
    expect(JSON.stringify(bill)).toContain('"configuration"');
    // 70 paid minutes → 75 rounded (R6), 60 of them included in STANDARD, 15 charged.
    expect(result.stdout).toMatch(/"charged_?[mM]inutes":\s*15/);
  });

  it('--reject-invalid sets aside an export row it cannot read, naming the column as the export does', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ipex-bill-preset-reject-'));
    const lines = readFileSync(join(FOLDER, 'clockify/clockify-detailed-2024-05.csv'), 'utf8').split('\n');
    lines[2] = lines[2]!.replace('05/02/2024,01:30:00 PM', '05/32/2024,01:30:00 PM');
    writeFileSync(join(folder, 'export.csv'), lines.join('\n'));
    writeFileSync(join(folder, 'customers.csv'), readFileSync(join(FOLDER, 'customers.csv')));
    mkdirSync(join(folder, 'out'));
    const result = await cli(['run', '--month', '2024-05', '--preset', 'clockify', '--logs', 'export.csv', '--customers', 'customers.csv', '--reject-invalid', '--out', 'out'], { cwd: folder });
    expect(result.status).toBe(0);
    const rejected = readFileSync(join(folder, 'out/2024-05/rejected.csv'), 'utf8').split('\n');
    expect(rejected[1]).toMatch(/^export\.csv,3,"Start Date: ""05\/32\/2024"" is not a date as --preset clockify writes them/);
    expect(rejected).toHaveLength(3); // header, the row, the final line end
  });
});
