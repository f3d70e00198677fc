import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { tablesBillHash } from '../helpers/closed-office.js';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { runInProcess } from '../helpers/in-process.js';
import { monthOutputs, REPO } from './run-cli.js';

// Issue 14: `run` loads the logs into columns and bills a customer at a time, writing each statement as it is
// billed. The month must not depend on how the log is ordered or split into files (R13), and the checks that span
// customers (an id used twice, an entry moved to another customer after billing, R14) must hold across them.

const NOW = '2024-06-03T08:00:00+02:00';

async function runIn(dir: string, args: readonly string[]) {
  return runInProcess(args, dir, NOW);
}

/** A written month's files, and its manifest without the time it was written. */
function written(out: string, month: string) {
  const folder = join(out, month);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  delete manifest.created_at;
  return { files: monthOutputs(folder), manifest };
}

/** A folder with a generated log of `entries` entries and the other inputs, and an empty output folder `whole`. */
function generatedInputs(entries: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
  generate(entries, dir);
  mkdirSync(join(dir, 'whole'));
  // Without PDFs: a PDF is a function of its line of documents.jsonl (test/e2e/statement-pdf.test.ts), which is
  // compared with the other files.
  const inputs = ['--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--treat-unresolved', 'paid', '--no-pdf'];
  return { dir, inputs };
}

describe('one engine, a customer at a time (issue 14)', () => {
  it('bills the same month whatever the order of the log\u2019s rows and however they are split into files (R13)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 30, max: 300 }), fc.integer(), fc.integer({ min: 0, max: 100 }), async (entries, seed, splitPercent) => {
        const { dir, inputs } = generatedInputs(entries);
        const whole = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'whole', '--json']);
        expect(whole.status, whole.stderr).toBe(0);
        // The manifest's bill hash (manifest@6) is that of `sha256sum summary.csv lines.csv units.csv`.
        expect(tablesBillHash(join(dir, 'whole', '2024-05'))).toBe(written(join(dir, 'whole'), '2024-05').manifest.bill_sha256);

        const [header, ...rows] = readFileSync(join(dir, 'work-log.csv'), 'utf8').trimEnd().split('\n');
        const shuffled = fc.sample(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), { numRuns: 1, seed })[0]!;
        const cut = Math.floor((shuffled.length * splitPercent) / 100);
        writeFileSync(join(dir, 'a.csv'), `${header}\n${shuffled.slice(0, cut).join('\n')}\n`);
        writeFileSync(join(dir, 'b.csv'), `${header}\n${shuffled.slice(cut).join('\n')}\n`);
        mkdirSync(join(dir, 'split'));
        const splitInputs = ['--logs', 'a.csv', '--logs', 'b.csv', ...inputs.slice(2)];
        const split = await runIn(dir, ['run', '--month', '2024-05', ...splitInputs, '--out', 'split', '--json']);
        expect(split.status, split.stderr).toBe(0);
        expect(split.stdout).toBe(whole.stdout);
        expect(written(join(dir, 'split'), '2024-05').files).toEqual(written(join(dir, 'whole'), '2024-05').files);
        const screen = (logs: string[]) => runIn(dir, ['run', '--month', '2024-05', ...logs, '--statements', 'all']);
        expect((await screen(splitInputs)).stdout).toBe((await screen(inputs)).stdout);
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('with earlier months closed: the next month, an identical re-run, and a refused change', async () => {
    const { dir, inputs } = generatedInputs(200);
    for (const closing of ['2024-03', '2024-04']) expect((await runIn(dir, ['run', '--month', closing, ...inputs, '--out', 'whole', '--allow-empty'])).status).toBe(0);
    const may = ['run', '--month', '2024-05', ...inputs, '--out', 'whole'];
    expect((await runIn(dir, may)).status).toBe(0);
    expect((await runIn(dir, may)).stderr).toMatch(/already billed/);
    // One entry of May gets longer: the run refuses, naming it.
    const log = join(dir, 'work-log.csv');
    let id = '';
    const changed = readFileSync(log, 'utf8').replace(/^(E\d+)(,[^,]*,[^,]*,2024-05-\d\d,[^,]*,[^,]*,)(\d+),/m, (_, entry: string, middle: string, minutes: string) => {
      id = entry;
      return `${entry}${middle}${Number(minutes) + 15},`;
    });
    writeFileSync(log, changed);
    const refused = await runIn(dir, may);
    expect(refused.status).toBe(7);
    expect(refused.stderr).toContain(id);
  }, 60_000);

  it('finds an entry id used by two customers once, and sets both rows aside with --reject-invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    writeFileSync(join(dir, 'customers.csv'), 'customer,name,tier,valid_from\nA1,Alfa,STANDARD,\nB1,Beta,PLUS,\nC1,Gama,VIP,\n');
    writeFileSync(
      join(dir, 'work-log.csv'),
      'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n' +
        'E1,T1,A1,2024-05-02,09:00,,20,Jan,,configuration,,,první\n' +
        'E2,T2,B1,2024-05-03,09:00,,20,Jan,,configuration,,,druhý\n' +
        'E1,T3,C1,2024-05-04,09:00,,20,Jan,,configuration,,,stejné id\n',
    );
    const args = ['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv'];
    const refused = await runIn(dir, args);
    expect(refused.status).toBe(3);
    expect(refused.stderr.match(/entry id "E1" is used again/g)).toHaveLength(1);

    mkdirSync(join(dir, 'out'));
    const rejected = await runIn(dir, [...args, '--reject-invalid', '--out', 'out']);
    expect(rejected.status, rejected.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out/2024-05/rejected.csv'), 'utf8').match(/^[^,]*,\d+/gm)).toEqual(['work-log.csv,2', 'work-log.csv,4']);
    // B1's entry alone is billed: 20 minutes on its statement, none on A1's or C1's.
    expect(readFileSync(join(dir, 'out/2024-05/lines.csv'), 'utf8').split('\n').filter((l) => l.startsWith('2024-05,')).map((l) => l.split(',').slice(1, 3).join(' '))).toEqual(['B1 E2']);
  });

  it('bills nothing twice when an entry of a closed month has moved to another customer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    cpSync(join(REPO, 'fixtures/sample'), dir, { recursive: true });
    const inputs = ['--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--customers', 'customers.csv', '--topups', 'topups.csv'];
    mkdirSync(join(dir, 'out'));
    expect((await runIn(dir, ['run', '--month', '2024-04', ...inputs, '--out', 'out'])).status).toBe(0);
    // After April is closed, its entry E0894 (C08) is edited to belong to C01.
    const log = join(dir, 'work-log-2024-01-04.csv');
    const edited = readFileSync(log, 'utf8').replace(/^(E0894,[^,]*,)C08,/m, '$1C01,');
    expect(edited).not.toBe(readFileSync(log, 'utf8'));
    writeFileSync(log, edited);

    const may = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out']);
    expect(may.status, may.stderr).toBe(0);
    expect(may.stderr).toMatch(/was edited after 2024-04 billed it \(customer "C08" → "C01"\); not billed again/);
    expect(readFileSync(join(dir, 'out/2024-05/lines.csv'), 'utf8')).not.toContain('E0894');
    expect(JSON.parse(readFileSync(join(dir, 'out/2024-05/manifest.json'), 'utf8')).rows.already_billed).toBeGreaterThan(0);
  });

  it('leaves nothing in the output folder when a later customer fails, although earlier statements were already written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-groups-'));
    generate(200, dir);
    // A customer the customer file does not know, last in the order: found after every other statement was written.
    const log = join(dir, 'work-log.csv');
    writeFileSync(log, `${readFileSync(log, 'utf8')}E9999,T9999,ZZZ-NEW,2024-05-20,10:00,,30,Martin Beneš,,diagnostics,ipex,,"Nový zákazník"\n`);
    // Without PDFs: a PDF is a function of its line of documents.jsonl (test/e2e/statement-pdf.test.ts), which is
  // compared with the other files.
  const inputs = ['--logs', 'work-log.csv', '--customers', 'customers.csv', '--topups', 'topups.csv', '--treat-unresolved', 'paid', '--no-pdf'];
    mkdirSync(join(dir, 'out'));
    const failed = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out']);
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).toMatch(/ZZZ-NEW/);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    // The same for a problem found after every customer is billed: a statement asked for that the month does not have.
    writeFileSync(log, readFileSync(log, 'utf8').replace(/\nE9999,.*\n$/, '\n'));
    const unknown = await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out', '--customer', 'C999999']);
    expect(unknown.status, unknown.stderr).toBe(6);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    expect((await runIn(dir, ['run', '--month', '2024-05', ...inputs, '--out', 'out'])).status).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
  });
});
