import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { checkMonthFolder } from '../../src/io/check-month-folder.js';
import { reconcileMonth } from '../../src/report/reconcile.js';
import { publishMonth, type OutputFile } from '../../src/io/month-store.js';
import { REPO, runCli } from './run-cli.js';

// Issue 5: "a run killed at any moment (SIGKILL) leaves the previous state or the complete new month, never a
// partial one". Two ways in: (1) a child process running the real writer kills itself after each step of the
// write protocol in turn, so every moment between two file-system operations is covered; (2) the real CLI
// is killed from outside at moments spread over a run on a larger log.

const CHILD = join(REPO, 'test/helpers/publish-and-die.mjs');
const SAMPLE = join(REPO, 'fixtures/sample');

/**
 * The sample month cut to its first two customers (C01 VIP with a top-up, C02 STANDARD): every kind of file a
 * month has, and two statements. The protocol treats every file alike, and each file is one more
 * killed child process per test below, so the eleven statements of the whole sample add children, not cases.
 */
function twoCustomers(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-two-customers-'));
  const keep = (name: string) => {
    const [header, ...rows] = readFileSync(join(SAMPLE, name), 'utf8').split('\n');
    const kept = rows.filter((row) => /^(C01|C02),|^[^,]*,[^,]*,(C01|C02),/.test(row));
    expect(kept.length, name).toBeGreaterThan(0);
    writeFileSync(join(dir, name), [header, ...kept, ''].join('\n'));
  };
  for (const name of ['work-log-2024-05.csv', 'work-log-2024-01-04.csv', 'customers.csv', 'topups.csv']) keep(name);
  return dir;
}
const SMALL = twoCustomers();

// Without PDFs: the protocol treats every file alike, and each file is one more killed child process here.
const smallArgs = (out: string) => [
  'run', '--month', '2024-05', '--logs', join(SMALL, 'work-log-2024-05.csv'), '--logs', join(SMALL, 'work-log-2024-01-04.csv'),
  '--customers', join(SMALL, 'customers.csv'), '--topups', join(SMALL, 'topups.csv'), '--out', out, '--no-pdf',
];

function readFolder(folder: string, prefix = ''): OutputFile[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? readFolder(folder, path) : [{ path, contents: readFileSync(join(folder, path)) }];
  });
}

/** The state a reader sees: which version `2024-05` points at, and that it is complete (verify passes). */
function publishedVersion(out: string): number | null {
  if (!existsSync(join(out, '2024-05'))) return null;
  const sums = reconcileMonth();
  const check = checkMonthFolder(join(out, '2024-05'), (table, row) => sums.add(table, row));
  expect([...check.problems, ...sums.problems(check.manifest!)]).toEqual([]);
  expect(readlinkSync(join(out, '2024-05'))).toBe(`2024-05.v${check.manifest!.version}`);
  return check.manifest!.version;
}

/** Versions 1 and 2 of the two customers' month, as real runs write them. */
function twoVersions() {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-versions-'));
  expect(runCli(smallArgs(out)).status).toBe(0);
  const log = join(out, '..', `${out.split('/').pop()}-log.csv`);
  writeFileSync(log, readFileSync(join(SMALL, 'work-log-2024-05.csv'), 'utf8').replace(',,60,', ',,75,'));
  const args = smallArgs(out);
  args[4] = log;
  expect(runCli([...args, '--reissue', 'corrected']).status).toBe(0);
  const filesOf = (version: number) => {
    const json = join(out, '..', `${out.split('/').pop()}-v${version}.json`);
    const files = readFolder(join(out, `2024-05.v${version}`));
    // Bytes as base64: record.bin is not text.
    writeFileSync(json, JSON.stringify(files.map((f) => ({ path: f.path, base64: Buffer.from(f.contents as Uint8Array).toString('base64') }))));
    return { json, files };
  };
  return { out, v1: filesOf(1), v2: filesOf(2) };
}

function publishAndDie(out: string, version: number, filesJson: string, killAt: number) {
  const child = spawnSync(process.execPath, [CHILD, out, '2024-05', String(version), filesJson, String(killAt)], { encoding: 'utf8' });
  return child;
}

/**
 * The kill after each step, every one in a folder of its own, a few children at a time (each mostly waits
 * for its fsyncs): how each child ended, by step.
 */
async function killAfterEachStep(steps: number, version: number, filesJson: string, prepare: () => string): Promise<{ out: string; signal: NodeJS.Signals | null }[]> {
  const outs = Array.from({ length: steps }, prepare);
  const results: { out: string; signal: NodeJS.Signals | null }[] = new Array(steps);
  let next = 0;
  const worker = async () => {
    while (next < steps) {
      const index = next++;
      const out = outs[index]!;
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
        const child = spawn(process.execPath, [CHILD, out, '2024-05', String(version), filesJson, String(index + 1)], { stdio: 'ignore' });
        child.on('exit', (_code, killed) => resolve(killed));
      });
      results[index] = { out, signal };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return results;
}

describe('a run killed at any moment (SIGKILL)', () => {
  const versions = twoVersions();
  const steps = (() => {
    const scratch = mkdtempSync(join(tmpdir(), 'ipex-bill-steps-'));
    const child = publishAndDie(scratch, 1, versions.v1.json, 0);
    return (JSON.parse(child.stdout) as { steps: number }).steps;
  })();

  it('counts the steps of the write protocol: one per file, then staged, versioned, published', () => {
    expect(steps).toBe(versions.v1.files.length + 3);
    expect(versions.v1.files.map((f) => f.path).sort()).toEqual([
      'documents.jsonl', 'invoices.csv', 'lines.csv', 'manifest.json', 'record.bin', 'statements/C01.txt', 'statements/C02.txt', 'summary.csv', 'units.csv',
    ]);
  });

  it('leaves no month, or the complete first version, when the first write is killed after any step', async () => {
    const killed = await killAfterEachStep(steps, 1, versions.v1.json, () => mkdtempSync(join(tmpdir(), 'ipex-bill-crash-')));
    for (const [index, { out, signal }] of killed.entries()) {
      const killAt = index + 1;
      expect(signal).toBe('SIGKILL');
      const version = publishedVersion(out);
      expect(version === null || version === 1, `kill after step ${killAt}`).toBe(true);
      expect(version === 1).toBe(killAt === steps);
      // The next write cleans up whatever the killed one left, and publishes.
      expect(await publishMonth(out, '2024-05', 1, versions.v1.files)).toEqual({ folder: join(out, '2024-05') });
      expect(readdirSync(out).sort()).toEqual(['2024-05', '2024-05.v1']);
      expect(publishedVersion(out)).toBe(1);
    }
  }, 120_000); // kills a child after every step of the write protocol

  it('leaves the previous version in force, or the complete new one, when a reissue is killed after any step', async () => {
    const withVersion1 = () => {
      const out = mkdtempSync(join(tmpdir(), 'ipex-bill-crash-'));
      cpSync(join(versions.out, '2024-05.v1'), join(out, '2024-05.v1'), { recursive: true });
      symlinkSync('2024-05.v1', join(out, '2024-05'));
      expect(publishedVersion(out)).toBe(1);
      return out;
    };
    const killed = await killAfterEachStep(steps, 2, versions.v2.json, withVersion1);
    for (const [index, { out, signal }] of killed.entries()) {
      const killAt = index + 1;
      expect(signal).toBe('SIGKILL');
      const version = publishedVersion(out);
      expect(version, `kill after step ${killAt}`).toBe(killAt === steps ? 2 : 1);
      if (version === 1) {
        expect(await publishMonth(out, '2024-05', 2, versions.v2.files)).toEqual({ folder: join(out, '2024-05') });
      }
      expect(readdirSync(out).sort()).toEqual(['2024-05', '2024-05.v1', '2024-05.v2']);
      expect(publishedVersion(out)).toBe(2);
    }
  }, 120_000); // kills a child after every step of the write protocol

  it('leaves nothing or a complete month when the real CLI is killed from outside while billing a large log', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ipex-bill-big-'));
    generate(1_500, data); // 15 customers: the statements are most of the files, written at the end of each run
    // Without PDFs, which go through the same protocol (each is one more file of the draft, all written before
    // the manifest) and would make each of these nine runs several times longer.
    const args = ['run', '--month', '2024-05', '--logs', join(data, 'work-log.csv'), '--customers', join(data, 'customers.csv'), '--topups', join(data, 'topups.csv'), '--out', 'out', '--quiet', '--no-pdf'];
    const run = (cwd: string, killAfterMs: number | null) => runKilled(args, cwd, killAfterMs);
    const fresh = () => freshFolder('ipex-bill-kill-');
    const full = await run(fresh(), null);
    expect(full.code).toBe(0);
    // Kill at moments spread over a whole run, weighted towards its end, where the files are written.
    for (const fraction of [0.6, 0.85, 0.95, 1.0]) {
      const cwd = fresh();
      const result = await run(cwd, Math.round(full.ms * fraction));
      const version = publishedVersion(join(cwd, 'out'));
      if (result.signal !== 'SIGKILL') expect(version).toBe(1);
      // A new run after the crash completes the month and leaves no leftovers.
      expect((await run(cwd, null)).code).toBe(0);
      expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
    }
  }, 120_000);

  it('leaves nothing or a complete month when killed while the PDF statements are being written', async () => {
    const pdfArgs = smallArgs('out').filter((arg) => arg !== '--no-pdf');
    const run = (cwd: string, killAfterMs: number | null) => runKilled([...pdfArgs, '--quiet'], cwd, killAfterMs);
    const fresh = () => freshFolder('ipex-bill-kill-pdf-');
    const full = await run(fresh(), null);
    expect(full.code).toBe(0);
    // The PDFs are the end of the run, after billing and before the manifest.
    for (const fraction of [0.75, 0.9]) {
      const cwd = fresh();
      const result = await run(cwd, Math.round(full.ms * fraction));
      const version = publishedVersion(join(cwd, 'out'));
      if (result.signal !== 'SIGKILL') expect(version).toBe(1);
      expect((await run(cwd, null)).code).toBe(0);
      expect(readdirSync(join(cwd, 'out', '2024-05', 'statements')).filter((f) => f.endsWith('.pdf'))).toEqual(['C01.pdf', 'C02.pdf']);
      expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['2024-05', '2024-05.v1']);
    }
  }, 120_000);
});

/** The built CLI run in `cwd`, killed with SIGKILL after `killAfterMs` (null: left to finish). */
function runKilled(args: readonly string[], cwd: string, killAfterMs: number | null) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(REPO, 'bin/ipex-bill.js'), ...args], { cwd, stdio: 'ignore' });
    if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
}

/** A fresh folder with an empty output folder `out` in it. */
function freshFolder(prefix: string): string {
  const cwd = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(cwd, 'out'));
  return cwd;
}
