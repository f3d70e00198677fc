import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ipex-bill.js', import.meta.url));

/**
 * Run the built CLI (`npm test` builds it first) as a cron job would: no terminal, a minimal environment
 * without colour settings unless the test adds them.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024, // room for the bill of a large month as --json
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Every file of a written month but the manifest (which records the input files' own hashes), by path inside
 * the folder, with its bytes (as latin1 text, so a comparison is byte for byte).
 */
export function monthOutputs(month: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(month, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, monthOutputs(month, path));
    else if (path !== 'manifest.json') files[path] = readFileSync(join(month, path), 'latin1');
  }
  return files;
}
