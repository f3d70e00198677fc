import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { closedOffice, manifestOf, tablesBillHash } from '../helpers/closed-office.js';

// Issue 14: months closed in manifest@4 hashed their bill as `--json` prints it, indented; manifest@5 the same
// JSON without whitespace; manifest@6 hashes the bill's tables as written. fixtures/closed-v4/out and
// fixtures/closed-v5/out were written by the last versions of @4 and @5 from the same inputs, with top-up advice
// on C08's May statement, so the comparison must make that JSON again, advice included, to find it the same.

const INPUTS = [
  '--logs', 'work-log-2024-05.csv', '--logs', 'work-log-2024-01-04.csv', '--logs', 'work-log-2024-05-extra.csv',
  '--customers', 'customers.csv', '--topups', 'topups.csv', '--out', 'out',
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const FORMATS = [
  // The bill as `run --json` prints it (indented, with its final line feed) …
  { fixture: 'closed-v4', format: 'ipex-bill/manifest@4', billHashOf: (json: string) => sha256(json) },
  // … and without whitespace.
  { fixture: 'closed-v5', format: 'ipex-bill/manifest@5', billHashOf: (json: string) => sha256(JSON.stringify(JSON.parse(json))) },
];

describe.each(FORMATS)('months closed in $format (issue 14)', ({ fixture, format, billHashOf }) => {
  it('are still the same bill, in either CSV dialect: an identical re-run exits 0 and writes nothing, and so does an identical reissue', async () => {
    const dir = closedOffice(fixture, ['work-log-2024-05-extra.csv']);
    expect(manifestOf(dir, '2024-05').format).toBe(format);
    // The fixture's hash is that of its format's JSON, advice included: what this check rests on.
    const json = await cli(['run', '--month', '2024-05', ...INPUTS.slice(0, -2), '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout).statements.find((s: { customer: string }) => s.customer === 'C08').top_up_advice).toEqual({
      blocks: 1, price_haler: 380_000, minutes: 240, saving_haler: 45_000,
    });
    expect(billHashOf(json.stdout)).toBe(manifestOf(dir, '2024-05').bill_sha256);
    for (const [month, dialect] of [['2024-04', 'rfc4180'], ['2024-05', 'rfc4180'], ['2024-05', 'excel-cs']] as const) {
      const again = await cli(['run', '--month', month, ...INPUTS, '--statements', 'none', '--csv-dialect', dialect], { cwd: dir });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toContain('these inputs bill it identically, so nothing was written');
    }
    const reissue = await cli(['run', '--month', '2024-05', ...INPUTS, '--statements', 'none', '--reissue', 'check'], { cwd: dir });
    expect(reissue.status, reissue.stderr).toBe(0);
    expect(reissue.stderr).toContain('identically to version 1');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['2024-04', '2024-04.v1', '2024-05', '2024-05.v1']);
    expect((await cli(['verify', 'out/2024-05'], { cwd: dir })).status).toBe(0);
  });

  it('keep their statement documents readable: a PDF rendered from an @1 line is the one a new month renders from its @2 line', async () => {
    const dir = closedOffice(fixture, ['work-log-2024-05-extra.csv']);
    expect(readFileSync(join(dir, 'out', '2024-05', 'documents.jsonl'), 'utf8')).toContain('"format":"ipex-bill/statement-document@1"');
    mkdirSync(join(dir, 'fresh'));
    const fresh = await cli(['run', '--month', '2024-05', ...INPUTS.slice(0, -1), 'fresh', '--no-pdf', '--quiet'], { cwd: dir });
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(readFileSync(join(dir, 'fresh', '2024-05', 'documents.jsonl'), 'utf8')).toContain('"format":"ipex-bill/statement-document@2"');
    for (const [from, file] of [['out', 'v1.pdf'], ['fresh', 'v2.pdf']]) {
      const rendered = await cli(['statement', 'C08', '--month', '2024-05', '--from', from!, '--out', file!], { cwd: dir });
      expect(rendered.status, rendered.stderr).toBe(0);
    }
    expect(readFileSync(join(dir, 'v1.pdf')).equals(readFileSync(join(dir, 'v2.pdf')))).toBe(true);
    // `hours` on the closed month reads its figures from the same documents.
    const hours = await cli(['hours', 'C08', '--month', '2024-05', ...INPUTS, '--json'], { cwd: dir });
    expect(hours.status, hours.stderr).toBe(0);
    expect(JSON.parse(hours.stdout).customers[0]).toMatchObject({ customer: 'C08', top_up_advice: { saving_haler: 45_000 } });
  });

  it('refuse a changed input with exit 7; a reissue writes manifest@6, whose bill hash is that of its tables, and is closed in turn', async () => {
    const dir = closedOffice(fixture, ['work-log-2024-05-extra.csv']);
    const extra = join(dir, 'work-log-2024-05-extra.csv');
    writeFileSync(extra, readFileSync(extra, 'utf8').replace(',180,', ',165,'));
    const changed = await cli(['run', '--month', '2024-05', ...INPUTS], { cwd: dir });
    expect(changed.status).toBe(7);
    expect(changed.stderr).toMatch(/X0812.*minutes 180 → 165/s);
    expect((await cli(['run', '--month', '2024-05', ...INPUTS, '--quiet', '--reissue', 'X0812 corrected'], { cwd: dir })).status).toBe(0);
    const v2 = manifestOf(dir, '2024-05');
    expect(v2).toMatchObject({ format: 'ipex-bill/manifest@6', version: 2, reissue: { replaces_version: 1, previous_bill_sha256: manifestOf(dir, '2024-05.v1').bill_sha256 } });
    expect(v2.bill_sha256).toBe(tablesBillHash(join(dir, 'out', '2024-05')));
    const again = await cli(['run', '--month', '2024-05', ...INPUTS, '--statements', 'none'], { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('identically');
    // Undoing the change is a change from version 2.
    writeFileSync(extra, readFileSync(extra, 'utf8').replace(',165,', ',180,'));
    const undone = await cli(['run', '--month', '2024-05', ...INPUTS], { cwd: dir });
    expect(undone.status).toBe(7);
    expect(undone.stderr).toMatch(/X0812.*minutes 165 → 180/s);
  });
});
