import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../e2e/run-cli.js';

/**
 * A fresh folder with the sample's inputs and a copy of the output folder an earlier version wrote
 * (`fixtures/<fixture>/out`), plus any other files of that fixture named in `alsoCopy`.
 */
export function closedOffice(fixture: string, alsoCopy: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), `ipex-bill-${fixture}-`));
  cpSync(join(REPO, 'fixtures/sample'), dir, { recursive: true });
  for (const file of alsoCopy) cpSync(join(REPO, 'fixtures', fixture, file), join(dir, file));
  cpSync(join(REPO, 'fixtures', fixture, 'out'), join(dir, 'out'), { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** The manifest of `out/<folder>` in such a folder. */
export const manifestOf = (dir: string, folder: string) => JSON.parse(readFileSync(join(dir, 'out', folder, 'manifest.json'), 'utf8'));

/**
 * The bill's hash of manifest@6 worked out from a month folder's files, as `sha256sum summary.csv lines.csv
 * units.csv | sha256sum` does in it.
 */
export function tablesBillHash(folder: string): string {
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  return sha256(['summary.csv', 'lines.csv', 'units.csv'].map((file) => `${sha256(readFileSync(join(folder, file)))}  ${file}\n`).join(''));
}
