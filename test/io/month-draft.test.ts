import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftMonth, publishMonth } from '../../src/io/month-store.js';

// Issue 6: a month's files are written into a hidden draft while its parts are billed, tables a part's rows at
// a time. Nothing is visible until publish; a failed or abandoned draft leaves nothing behind.

const outFolder = () => mkdtempSync(join(tmpdir(), 'ipex-bill-draft-'));

describe('draftMonth', () => {
  it('publishes tables appended in pieces and whole files as one version', async () => {
    const out = outFolder();
    const draft = draftMonth(out, '2024-05', 1);
    draft.append('lines.csv', ['id,minutes\n']);
    await draft.add('statements/C01.txt', 'Výpis C01\n');
    draft.append('lines.csv', [Buffer.from('E1,15\n'), 'E2,30\n']);
    expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual([]); // nothing visible yet
    draft.append('lines.csv', ['E3,45\n']);
    expect(await draft.publish()).toEqual({ folder: join(out, '2024-05') });
    expect(readlinkSync(join(out, '2024-05'))).toBe('2024-05.v1');
    expect(readFileSync(join(out, '2024-05', 'lines.csv'), 'utf8')).toBe('id,minutes\nE1,15\nE2,30\nE3,45\n');
    expect(readFileSync(join(out, '2024-05', 'statements', 'C01.txt'), 'utf8')).toBe('Výpis C01\n');
    expect(readdirSync(out).sort()).toEqual(['2024-05', '2024-05.v1']);
  });

  it('after a failed write, skips the rest and reports the failure on publish, leaving the previous version in force', async () => {
    const out = outFolder();
    expect(await publishMonth(out, '2024-05', 1, [{ path: 'summary.csv', contents: 'v1\n' }])).toEqual({ folder: join(out, '2024-05') });
    const draft = draftMonth(out, '2024-05', 2);
    await draft.add('statements', 'a file where a folder will be wanted');
    expect(draft.failure).toBeNull();
    await draft.add('statements/C01.txt', 'x');
    // A whole file is written on the thread pool, so the failure may be known at once or only when the
    // draft's files are drained before publishing; either way it is reported and nothing is published.
    draft.append('lines.csv', ['skipped']);
    const published = await draft.publish();
    expect(draft.failure).toMatch(/^cannot write /);
    // A sentence, not the system's ENOTDIR, EISDIR or EEXIST (issue 13). Which one depends on which write won:
    // the file named `statements`, or the folder made for the statement inside it.
    expect(published).toMatchObject({
      error: expect.stringMatching(/^cannot write .*2024-05: (a part of the path is a file, not a folder|a folder stands where a file was expected|another program changed the folder)/),
    });
    // (The folder's path is left out: a random temporary name may hold four capitals in a row.)
    expect((published as { error: string }).error.replaceAll(out, '')).not.toMatch(/E[A-Z]{3,}/);
    expect(readdirSync(out).sort()).toEqual(['2024-05', '2024-05.v1']);
    expect(readFileSync(join(out, '2024-05', 'summary.csv'), 'utf8')).toBe('v1\n');
  });

  it('abandoned, leaves nothing; an output folder that cannot be written fails on publish', async () => {
    const out = outFolder();
    const draft = draftMonth(out, '2024-05', 1);
    draft.append('lines.csv', ['id\n']);
    await draft.add('statements/C01.txt', 'x');
    await draft.abandon();
    expect(readdirSync(out)).toEqual([]);

    const file = join(out, 'not-a-folder');
    writeFileSync(file, '');
    const broken = draftMonth(file, '2024-05', 1);
    expect(broken.failure).toMatch(/^cannot write /);
    expect(await broken.publish()).toMatchObject({ error: expect.stringMatching(/^cannot write .*not-a-folder\/2024-05: /) });
  });
});
