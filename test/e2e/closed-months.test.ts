import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { tablesBillHash } from '../helpers/closed-office.js';
import { describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/billing/entry-table.js';
import { recordEncoder } from '../../src/formats/record.js';
import { readLinesRecord } from '../../src/io/month-store.js';
import { cli } from '../helpers/in-process.js';
import { REPO } from './run-cli.js';

// Issue 5 end to end: a month written once is closed; re-running it is idempotent or refused; --reissue
// keeps the old version; late entries go to the next month; manifest.json and `verify` make it auditable.

const SAMPLE = join(REPO, 'fixtures/sample');
const INPUTS = ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv'];

/** A workspace with copies of the sample inputs and an empty output folder; `bill` runs the CLI in it. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-closed-'));
  for (const name of INPUTS) cpSync(join(SAMPLE, name), join(dir, name));
  mkdirSync(join(dir, 'out'));
  // Without PDFs: these tests are about what closed months bill, which their documents.jsonl still records.
  const inputArgs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out', '--no-pdf'];
  return {
    dir,
    out: join(dir, 'out'),
    bill: (month: string, ...extra: string[]) => cli(['run', '--month', month, ...inputArgs, ...extra], { cwd: dir }),
    verify: (folder: string) => cli(['verify', join('out', folder)], { cwd: dir }),
    read: (path: string) => readFileSync(join(dir, 'out', path), 'utf8'),
    manifest: (folder: string) => JSON.parse(readFileSync(join(dir, 'out', folder, 'manifest.json'), 'utf8')),
    log: join(dir, 'work-log-2024-05.csv'),
  };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const csvRows = (text: string) => parse(text, { columns: true, bom: true }) as Record<string, string>[];
/** The whole state of an output folder: every file (following the month links) and where each link points. */
function snapshot(out: string): string {
  const list = (rel: string): string[] =>
    readdirSync(join(out, rel), { withFileTypes: true }).flatMap((e) => {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) return [`${path} -> ${readlinkSync(join(out, path))}`];
      return e.isDirectory() ? list(path) : [`${path} ${sha256(readFileSync(join(out, path)))}`];
    });
  return list('').sort().join('\n');
}

describe('closed months (issue 5)', () => {
  it('writes a month as version 1 behind a link, with a manifest that records inputs, rows, outputs and totals', async () => {
    const ws = workspace();
    const result = (await ws.bill('2024-05'));
    expect(result.status).toBe(0);
    expect(readdirSync(ws.out).sort()).toEqual(['2024-05', '2024-05.v1']);
    expect(readlinkSync(join(ws.out, '2024-05'))).toBe('2024-05.v1');

    const manifest = ws.manifest('2024-05');
    expect(manifest).toMatchObject({ format: 'ipex-bill/manifest@6', month: '2024-05', version: 1, csv_dialect: 'rfc4180', reissue: null });
    // Inputs: the hash of the bytes on disk, computed here independently.
    expect(manifest.inputs).toEqual(
      ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv'].map((file, i) => ({
        kind: ['work-log', 'work-log', 'customers', 'top-ups'][i],
        file,
        bytes: readFileSync(join(ws.dir, file)).byteLength,
        sha256: sha256(readFileSync(join(ws.dir, file))),
        // The sample files are plain UTF-8 (no BOM byte 0xEF at the start) with commas.
        encoding: readFileSync(join(ws.dir, file))[0] === 0xef ? 'utf-8-bom' : 'utf-8',
        delimiter: 'comma',
      })),
    );
    // Every file but the manifest is listed with its real hash, and nothing else is in the folder.
    const files = snapshot(join(ws.out, '2024-05.v1')).split('\n').filter((line) => !line.startsWith('manifest.json'));
    expect(manifest.outputs.map((o: { file: string; sha256: string }) => `${o.file} ${o.sha256}`).sort()).toEqual(files);
    // 64 May entries (one per line of lines.csv), 8 earlier, 1 in June; the sample's total is 36 350 CZK.
    const lines = csvRows(ws.read('2024-05/lines.csv'));
    expect(manifest.rows).toEqual({ read: 73, billed: lines.filter((l) => l.paid_minutes !== '0').length, free: lines.filter((l) => l.paid_minutes === '0').length, rejected: 0, late: 0, already_billed: 0, earlier: 8, later: 1 });
    expect(lines).toHaveLength(64);
    expect(manifest.totals.total_amount_haler).toBe(3_635_000);
    // lines.csv is the record of what was billed: its entry columns are each entry as the log has it.
    const log = new Map([...csvRows(ws.read('../work-log-2024-05.csv')), ...csvRows(ws.read('../work-log-2024-01-04.csv'))].map((e) => [e.id, e]));
    for (const line of lines) {
      const entry = log.get(line.entry_id!)!;
      expect([line.log_role, line.log_activity, line.date, line.start, line.end], line.entry_id).toEqual([entry.role, entry.activity, entry.date, entry.start, entry.end]);
      // Minutes are given, or come from start–end.
      if (entry.minutes !== '') expect(line.worked_minutes, line.entry_id).toBe(entry.minutes);
    }

    const verified = (await ws.verify('2024-05'));
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain(`All ${manifest.outputs.length} files match their sha256; 11 statements and 64 lines add up to 36 350 Kč.`);
  });

  it('reports "already billed" and writes nothing when the same month is run again, also with the rows reordered and split', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const before = snapshot(ws.out);

    const again = (await ws.bill('2024-05'));
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/2024-05 is already billed \(out\/2024-05\/, version 1, written .*\); these inputs bill it identically, so nothing was written\./);

    const [header, ...rows] = readFileSync(ws.log, 'utf8').trimEnd().split('\n');
    writeFileSync(ws.log, `${header}\n${rows.slice(20).reverse().join('\n')}\n`);
    writeFileSync(join(ws.dir, 'work-log-2024-01-04.csv'), `${readFileSync(join(ws.dir, 'work-log-2024-01-04.csv'), 'utf8')}${rows.slice(0, 20).join('\n')}\n`);
    expect((await ws.bill('2024-05')).status).toBe(0);
    expect(snapshot(ws.out)).toBe(before);
  });

  it('refuses with exit 7 when the inputs bill a closed month differently, naming what changed, and writes nothing', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const before = snapshot(ws.out);
    const text = readFileSync(ws.log, 'utf8')
      .replace('E0101,T-0110,C01,2024-05-02,09:00,,60,', 'E0101,T-0110,C01,2024-05-02,09:00,,90,')
      .replace(/^E0102,.*\n/m, '');
    writeFileSync(ws.log, `${text}E7777,T-0777,C02,2024-05-29,10:00,,20,Jan Novák,,configuration,,,Dopsáno později\n`);

    const result = (await ws.bill('2024-05'));
    expect(result.status).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('2024-05 is already billed (version 1, written');
    expect(result.stderr).toContain('  entries added (1):\n    E7777 (2024-05-29, C02, 20 min)\n');
    expect(result.stderr).toContain('  entries removed (1):\n    E0102 (2024-05-02, C01, 25 min)\n');
    expect(result.stderr).toContain('  entries altered (1):\n    E0101: minutes 60 → 90\n');
    expect(result.stderr).toContain('run again with --reissue "<reason>"');
    expect(snapshot(ws.out)).toBe(before);
  });

  it('reissues a closed month as version 2 with the reason recorded, keeping version 1 as it was', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const v1 = snapshot(join(ws.out, '2024-05.v1'));
    const v1Bill = ws.manifest('2024-05').bill_sha256;
    writeFileSync(ws.log, readFileSync(ws.log, 'utf8').replace('E0101,T-0110,C01,2024-05-02,09:00,,60,', 'E0101,T-0110,C01,2024-05-02,09:00,,90,'));

    const result = (await ws.bill('2024-05', '--reissue', 'E0101 was 90 minutes, not 60'));
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Reissued out/2024-05/ as version 2; version 1 is kept in out/2024-05.v1/.');
    expect(readdirSync(ws.out).sort()).toEqual(['2024-05', '2024-05.v1', '2024-05.v2']);
    expect(readlinkSync(join(ws.out, '2024-05'))).toBe('2024-05.v2');
    expect(ws.manifest('2024-05')).toMatchObject({ version: 2, reissue: { reason: 'E0101 was 90 minutes, not 60', replaces_version: 1, previous_bill_sha256: v1Bill } });
    expect(ws.manifest('2024-05').bill_sha256).not.toBe(v1Bill);
    expect(snapshot(join(ws.out, '2024-05.v1'))).toBe(v1);
    expect((await ws.verify('2024-05')).status).toBe(0);
    expect((await ws.verify('2024-05.v1')).status).toBe(0);
    // The reissued month is closed in turn.
    expect((await ws.bill('2024-05')).status).toBe(0);
  });

  it('reads a month restored from a backup as a plain folder as closed, and reissues it into a version and a link', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const restored = mkdtempSync(join(tmpdir(), 'ipex-bill-restored-'));
    cpSync(join(ws.out, '2024-05.v1'), join(restored, '2024-05'), { recursive: true });
    const args = (...extra: string[]) => [...['run', '--month', '2024-05', '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv'], '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', restored, '--no-pdf', ...extra];
    expect((await cli(args(), { cwd: ws.dir })).stderr).toContain('bill it identically');
    // A reissue with the same inputs changes nothing (issue 16), the plain folder included.
    const same = await cli(args('--reissue', 'restored from backup'), { cwd: ws.dir });
    expect(same.status).toBe(0);
    expect(same.stderr).toContain('--reissue: these inputs bill 2024-05 identically to version 1');
    expect(readdirSync(restored)).toEqual(['2024-05']);
    // A real correction turns it into the kept version 1 and the new version 2.
    writeFileSync(ws.log, readFileSync(ws.log, 'utf8').replace(',,60,', ',,75,'));
    expect((await cli(args('--reissue', 'restored from backup, E0101 corrected'), { cwd: ws.dir })).status).toBe(0);
    expect(readdirSync(restored).sort()).toEqual(['2024-05', '2024-05.v1', '2024-05.v2']);
    expect(readlinkSync(join(restored, '2024-05'))).toBe('2024-05.v2');
    expect(snapshot(join(restored, '2024-05.v1'))).toBe(snapshot(join(ws.out, '2024-05.v1')));
  });

  it('refuses --reissue for a month that was never billed, and --reissue without an output folder', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05', '--reissue', 'why')).status).toBe(2);
    expect(readdirSync(ws.out)).toEqual([]);
    expect((await cli(['run', '--month', '2024-05', '--reissue', 'why'])).stderr).toContain('--reissue replaces a month in the output folder; give --out DIR');
  });

  it('bills an entry added to a closed month later in the next month, as a late entry with its own date, once', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    appendFileSync(ws.log, 'E7777,T-0777,C02,2024-05-29,10:00,,20,Jan Novák,,configuration,,,Dopsáno po uzávěrce\n');

    const june = (await ws.bill('2024-06'));
    expect(june.status).toBe(0);
    expect(june.stderr).toContain('Note: late entry E7777 (2024-05-29, C02, 20 min): 2024-05 was billed without it, so 2024-06 bills it');
    expect(june.stderr).toContain('64 already billed by closed months');
    const late = csvRows(ws.read('2024-06/lines.csv')).filter((l) => l.entry_id === 'E7777');
    expect(late).toEqual([expect.objectContaining({ month: '2024-06', date: '2024-05-29', late: 'yes', paid_minutes: '20' })]);
    expect(csvRows(ws.read('2024-06/lines.csv')).map((l) => l.entry_id).sort()).toEqual(['E7777', 'E9901']);
    expect(ws.manifest('2024-06').rows).toMatchObject({ late: 1, already_billed: 64 });

    // May stays as it was: its own run still finds it identical (E7777 belongs to June now).
    expect((await ws.bill('2024-05')).status).toBe(0);
    // And June again: identical, E7777 not billed a second time.
    expect((await ws.bill('2024-06')).status).toBe(0);
    expect((await ws.verify('2024-06')).status).toBe(0);
  });

  it('names the closed month that billed an entry edited since, among several closed months (R14)', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-03')).status).toBe(0);
    expect((await ws.bill('2024-04')).status).toBe(0);
    // E0093 (2024-03-20) was billed by March; its minutes are changed after both months were closed.
    const older = join(ws.dir, 'work-log-2024-01-04.csv');
    const edited = readFileSync(older, 'utf8').replace(/^(E0093,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)120,/m, '$1135,');
    expect(edited).not.toBe(readFileSync(older, 'utf8'));
    writeFileSync(older, edited);
    const may = (await ws.bill('2024-05'));
    expect(may.status, may.stderr).toBe(0);
    expect(may.stderr).toMatch(/E0093 .*was edited after 2024-03 billed it \(minutes 120 → 135\); not billed again/);
    expect(may.stderr).not.toMatch(/after 2024-04 billed it/);
  });

  it('hours for one customer finds an entry moved to it after a closed month billed it, as run does (R12, R14)', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-04')).status).toBe(0);
    // E0894 (April, C08) now belongs to C01: billed by April already, so not a late entry of May for C01.
    const older = join(ws.dir, 'work-log-2024-01-04.csv');
    writeFileSync(older, readFileSync(older, 'utf8').replace(/^(E0894,[^,]*,)C08,/m, '$1C01,'));
    const inputArgs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
    const hours = (await cli(['hours', 'C01', '--month', '2024-05', '--as-of', '2024-05-31', '--json', '--out', 'out', ...inputArgs], { cwd: ws.dir }));
    expect(hours.status, hours.stderr).toBe(0);
    const run = (await cli(['run', '--month', '2024-05', '--json', '--out', 'out', ...inputArgs], { cwd: ws.dir }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/E0894 .*was edited after 2024-04 billed it/);
    const statement = JSON.parse(run.stdout).statements.find((s: { customer: string }) => s.customer === 'C01');
    const usage = JSON.parse(hours.stdout).customers[0];
    expect(usage.customer).toBe('C01');
    expect(usage.worked_minutes).toBe(statement.worked_minutes);
    expect(usage.charged_amount_haler).toBe(statement.work_amount_haler);
  });

  it('is silent with --quiet: nothing on stdout or stderr when all is well, the error alone when not', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05', '--quiet'))).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect((await ws.bill('2024-05', '--quiet'))).toMatchObject({ status: 0, stdout: '', stderr: '' });
    writeFileSync(ws.log, readFileSync(ws.log, 'utf8').replace(',,60,', ',,61,'));
    const refused = (await ws.bill('2024-05', '--quiet'));
    expect(refused.status).toBe(7);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^2024-05 is already billed/);
  });

  it('verify finds a changed file, an added file, and figures that no longer add up', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const summaryPath = join(ws.out, '2024-05', 'summary.csv');
    const original = readFileSync(summaryPath, 'utf8');

    writeFileSync(summaryPath, original.replace('10300.00', '13000.00'));
    writeFileSync(join(ws.out, '2024-05', 'notes.txt'), 'added by hand');
    const tampered = (await ws.verify('2024-05'));
    expect(tampered.status).toBe(8);
    expect(tampered.stderr).toContain('summary.csv has changed since it was written');
    expect(tampered.stderr).toContain('notes.txt is not listed in the manifest');
    expect(tampered.stderr).toContain('C01: package fee + top-ups + work (haléře): 1030000 where the summary says 1300000');

    // Even with the manifest's hash updated to match, the arithmetic gives the edit away.
    const manifestPath = join(ws.out, '2024-05', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const changed = readFileSync(summaryPath);
    manifest.outputs = manifest.outputs.map((o: { file: string }) => (o.file === 'summary.csv' ? { ...o, bytes: changed.byteLength, sha256: sha256(changed) } : o));
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const rehashed = (await ws.verify('2024-05'));
    expect(rehashed.status).toBe(8);
    expect(rehashed.stderr).not.toContain('summary.csv has changed');
    // The bill's hash (manifest@6) lists the tables' hashes: the edited one no longer matches it.
    expect(rehashed.stderr).toContain("the manifest's bill_sha256 is not the hash of its summary.csv, lines.csv, units.csv");
    expect(rehashed.stderr).toContain('the statements add up to 3905000 haléře, the manifest\u2019s total is 3635000'.replace('\u2019', "'"));
  });

  it('refuses to bill on top of a month folder it cannot read as closed (exit 5), rather than risk billing twice', async () => {
    const ws = workspace();
    mkdirSync(join(ws.out, '2024-04'));
    writeFileSync(join(ws.out, '2024-04', 'summary.csv'), 'written by hand\n');
    const result = (await ws.bill('2024-05'));
    expect(result.status).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'ipex-bill: the closed month 2024-04 (out/2024-04/) is damaged:\n' +
        '  manifest.json is missing or unreadable\n' +
        '  See every problem with: ipex-bill verify out/2024-04\n' +
        '  To replace it with a new complete version, bill 2024-04 again with --reissue "reason"; the damaged version is kept as out/2024-04.v1/.\n' +
        'ipex-bill: billing beside a month whose record cannot be trusted could bill an entry twice, so nothing was billed or written.\n',
    );
    expect(readdirSync(ws.out)).toEqual(['2024-04']);
  });

  it('finds an edited record (lines.csv) and refuses to bill on top of it', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    appendFileSync(join(ws.out, '2024-05', 'lines.csv'), '2024-05,C02,E8888,,2024-05-30,,Jan,technician,configuration,PAID,10,,,catalogue,0,10,1,,,,,configuration,,\n');
    const result = (await ws.bill('2024-06'));
    expect(result.status).toBe(5);
    expect(result.stderr).toContain('the closed month 2024-05');
    expect(result.stderr).toContain('lines.csv differs from what its manifest recorded (edited or damaged)');
    expect(result.stderr).toContain('bill 2024-05 again with --reissue "reason"');
  });

  it('finds an edited record.bin, the record later runs read, and refuses to bill on top of it', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const bin = join(ws.out, '2024-05', 'record.bin');
    const bytes = readFileSync(bin);
    bytes[bytes.length - 1]! ^= 1; // same size, other bytes
    writeFileSync(bin, bytes);
    const result = (await ws.bill('2024-06'));
    expect(result.status).toBe(5);
    expect(result.stderr).toContain('record.bin differs from what its manifest recorded (edited or damaged)');
    const verify = await cli(['verify', join(ws.out, '2024-05')]);
    expect(verify.status).toBe(8);
    expect(verify.stderr).toContain('record.bin has changed since it was written');
    expect(verify.stderr).toMatch(/record\.bin and lines\.csv differ at entry \d+ \(id E\d+, lines\.csv:\d+\)/);
  });

  it('verify finds a record.bin that lists other entries than lines.csv, even with a manifest made to match', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    const folder = join(ws.out, '2024-05');
    // A record.bin with one entry fewer than lines.csv (the last one dropped), and a manifest rewritten to its hash.
    const lines = readFileSync(join(folder, 'lines.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(folder, 'lines.csv'), `${lines.slice(0, -1).join('\n')}\n`);
    const shorter = readFileSync(join(folder, 'lines.csv'));
    writeFileSync(join(folder, 'lines.csv'), `${lines.join('\n')}\n`);
    const manifest = ws.manifest('2024-05');
    const original = readFileSync(join(folder, 'record.bin'));
    const table = new EntryTable();
    readLinesRecord(shorter, 'lines.csv', 'ipex-bill/manifest@3', table, 0);
    const encoder = recordEncoder();
    const rows = Array.from({ length: table.size }, (_, row) => table.entry(row));
    rows.forEach((e) => encoder.entry(e, e.source.line));
    const fewer = Buffer.concat([encoder.start(), encoder.take()]);
    expect(fewer.length).toBeLessThan(original.length);
    writeFileSync(join(folder, 'record.bin'), fewer);
    const output = manifest.outputs.find((o: { file: string }) => o.file === 'record.bin');
    Object.assign(output, { bytes: fewer.length, sha256: sha256(fewer) });
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const verify = await cli(['verify', folder]);
    expect(verify.status).toBe(8);
    expect(verify.stderr).toContain(`record.bin has fewer entries than lines.csv (${lines.length - 1})`);
  });

  it('reads a month written as manifest@2 (lines.csv its only record) like any closed month', async () => {
    const ws = workspace();
    // April as manifest@3 wrote it (fixtures/closed-v3), whose bill hash is manifest@2's too: the JSON without
    // the top-up advice.
    cpSync(join(REPO, 'fixtures/closed-v3/out/2024-04.v1'), join(ws.out, '2024-04.v1'), { recursive: true });
    symlinkSync('2024-04.v1', join(ws.out, '2024-04'));
    const april = ws.manifest('2024-04');
    const aprilLines = csvRows(ws.read('2024-04/lines.csv'));
    expect(aprilLines.length).toBeGreaterThan(0);
    // What the engine wrote before record.bin existed: the same folder without it.
    rmSync(join(ws.out, '2024-04', 'record.bin'));
    april.format = 'ipex-bill/manifest@2';
    april.outputs = april.outputs.filter((o: { file: string }) => o.file !== 'record.bin');
    writeFileSync(join(ws.out, '2024-04', 'manifest.json'), JSON.stringify(april, null, 2));
    expect((await ws.verify('2024-04')).status).toBe(0);
    expect((await ws.bill('2024-04')).status).toBe(0); // identical: nothing written
    expect(ws.manifest('2024-04').format).toBe('ipex-bill/manifest@2');
    const may = await ws.bill('2024-05');
    expect(may.status).toBe(0);
    // April's entries are not billed again in May: they are read back from its lines.csv.
    const mayIds = new Set(csvRows(ws.read('2024-05/lines.csv')).map((row) => row.entry_id));
    for (const row of aprilLines) expect(mayIds.has(row.entry_id!)).toBe(false);
    expect(may.stderr).toContain(`${aprilLines.length} already billed by closed months`);
  });

  it('verify exits 8 with a plain message for a folder that is not a month', async () => {
    const result = (await cli(['verify', join(REPO, 'fixtures')]));
    expect(result.status).toBe(8);
    expect(result.stderr).toContain('has no readable manifest.json');
  });
});

describe('spreadsheet-safe CSV (issue 5)', () => {
  function injectionWorkspace() {
    const ws = workspace();
    writeFileSync(join(ws.dir, 'customers.csv'), 'customer,name,tier,valid_from\nC01,"=HYPERLINK(""http://evil"",""klikni"")",STANDARD,\n');
    writeFileSync(ws.log, 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\nE1,-1,C01,2024-05-02,09:00,,30,+420 777 000 000,,configuration,,,@SUM(A1)\nE2,T2,C01,2024-05-03,09:00,,20,Jan,,configuration,,,"=1+1"\n');
    writeFileSync(join(ws.dir, 'work-log-2024-01-04.csv'), 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n');
    writeFileSync(join(ws.dir, 'topups.csv'), 'customer,month,blocks\n');
    return ws;
  }

  it('puts an apostrophe before every value a spreadsheet would run, in every CSV, and reads its own record back exactly', async () => {
    const ws = injectionWorkspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    for (const file of ['summary.csv', 'invoices.csv', 'lines.csv', 'units.csv']) {
      const cells = (parse(ws.read(`2024-05/${file}`), { relax_column_count: true }) as string[][]).flat();
      expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell)), file).toEqual([]);
    }
    const line = csvRows(ws.read('2024-05/lines.csv'))[0]!;
    expect(line).toMatchObject({ case_id: "'-1", technician: "'+420 777 000 000", description: "'@SUM(A1)" });
    expect(csvRows(ws.read('2024-05/summary.csv'))[0]!.name).toBe('\'=HYPERLINK("http://evil","klikni")');
    // The record reads back to the same entries: the month is found identical, not changed.
    expect((await ws.bill('2024-05')).status).toBe(0);
  });
});

describe('--csv-dialect excel-cs (issue 5)', () => {
  it('writes semicolons, decimal commas, CRLF and a BOM; the bill is the same one, and verify reads it', async () => {
    const czech = workspace();
    const plain = workspace();
    expect((await czech.bill('2024-05', '--csv-dialect', 'excel-cs')).status).toBe(0);
    expect((await plain.bill('2024-05')).status).toBe(0);
    const summary = czech.read('2024-05/summary.csv');
    expect(summary.startsWith('\uFEFFmonth;customer;name;tier;package_fee;')).toBe(true);
    expect(summary).toContain('\r\n2024-05;C01;Velký zákazník a.s.;VIP;5000,00;1;3800,00;600;');
    expect(summary.replace(/\r\n/g, '')).not.toContain('\n');
    const lines = czech.read('2024-05/lines.csv');
    expect(lines.indexOf('\uFEFF')).toBe(0);
    expect(lines.lastIndexOf('\uFEFF')).toBe(0);
    expect(czech.manifest('2024-05').csv_dialect).toBe('excel-cs');
    // The bill's hash is over the tables as spelled (manifest@6), so the two months' hashes differ …
    expect(czech.manifest('2024-05').bill_sha256).toBe(tablesBillHash(join(czech.dir, 'out', '2024-05')));
    expect(czech.manifest('2024-05').bill_sha256).not.toBe(plain.manifest('2024-05').bill_sha256);
    expect((await czech.verify('2024-05')).status).toBe(0);
    // … but the same bill in another spelling is not a change: either closed month stays as written.
    expect((await czech.bill('2024-05')).stderr).toContain('bill it identically');
    expect((await plain.bill('2024-05', '--csv-dialect', 'excel-cs')).stderr).toContain('bill it identically');
    // A reissue in another dialect that bills the month the same is no new version either.
    const reissued = await plain.bill('2024-05', '--csv-dialect', 'excel-cs', '--reissue', 'for Excel');
    expect(reissued.status, reissued.stderr).toBe(0);
    expect(reissued.stderr).toContain('identically to version 1');
    expect(readdirSync(plain.out).sort()).toEqual(['2024-05', '2024-05.v1']);
  });

  it('counts an entry edited in a field that changes no money as a change: lines.csv, the record, would no longer be the log', async () => {
    const ws = workspace();
    expect((await ws.bill('2024-05')).status).toBe(0);
    // E0101 is configuration, a technician's activity: its role written out bills the same money.
    writeFileSync(ws.log, readFileSync(ws.log, 'utf8').replace(/^(E0101,(?:[^,]*,){7}),/m, '$1technician,'));
    const edited = await ws.bill('2024-05');
    expect(edited.status).toBe(7);
    expect(edited.stderr).toContain('E0101: role (empty) → "technician"');
    expect(edited.stderr).not.toContain('month total');
    expect((await ws.bill('2024-05', '--reissue', 'role of E0101 filled in')).status).toBe(0);
    expect(ws.manifest('2024-05').totals.total_amount_haler).toBe(ws.manifest('2024-05.v1').totals.total_amount_haler);
    expect(ws.read('2024-05/lines.csv')).toMatch(/^2024-05,C01,E0101,.*,technician,configuration,,$/m);
  });
});
