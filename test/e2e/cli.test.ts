import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';
import { REPO, runCli } from './run-cli.js';

const ANSI = '\u001b[';
const sample = ['run', '--month', '2024-05'];

describe('command line contract', () => {
  it('documents the exit codes in --help', () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Exit codes:');
      expect(result.stdout).toMatch(/4 +unresolved entries/);
      expect(result.stdout).toMatch(/7 +run: the month is already billed/);
      expect(result.stdout).toMatch(/8 +verify: /);
    }
  });

  it('prints its version and the commit it was built from (issue 16)', () => {
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO }).toString().trim();
    expect(result.stdout.trim()).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')} \\(commit ${head.slice(0, 12)}(, with uncommitted changes)?\\)$`));
  });

  it.each([
    [['run'], /required option '--month/],
    [['run', '--month', '2024-13'], /"2024-13" is not a month/],
    [['run', '--month', 'May'], /use YYYY-MM/],
    [['run', '--month', '2024-05', '--bogus'], /unknown option '--bogus'/],
    [['run', '--month', '2024-05', '--treat-unresolved', 'maybe'], /Allowed choices are free, paid/],
    [['frobnicate'], /unknown command/],
    [[], /Usage: ipex-bill/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    // The program in this process (the binary's exit code is checked below, with the first of them).
    const result = await cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('the binary exits with the code of a usage error, saying it on stderr only', () => {
    const result = runCli(['run']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/required option '--month/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when no customer file is given and there is no config', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
    const result = await cli([...sample, '--logs', join(REPO, 'fixtures/sample/work-log-2024-05.csv')], { cwd: empty });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no customer file: pass --customers FILE');
  });

  describe('colours', () => {
    it('colours only when asked: FORCE_COLOR wins, NO_COLOR and --no-color turn colour off', () => {
      // Every combination of the variables is decided by shouldColour (test/cli/colour.test.ts); here the
      // built binary without a terminal: colour only when forced, and --no-color over FORCE_COLOR.
      const forced = runCli(sample, { env: { FORCE_COLOR: '1' } }).stdout;
      expect(forced).toContain(ANSI);
      expect(forced).toContain('Pekárna');
      expect(runCli(sample).stdout).not.toContain(ANSI);
      expect(runCli([...sample, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain(ANSI);
    });
  });

  describe('output folder', () => {
    it('exits 5 with a clear message when the output folder is a file, and prints no bill', async () => {
      const parent = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
      const blocker = join(parent, 'not-a-folder');
      writeFileSync(blocker, 'a file where the output folder should be');
      const result = await cli([...sample, '--out', blocker]);
      expect(result.status).toBe(5);
      expect(result.stderr).toBe(`ipex-bill: the output folder ${blocker} is not a folder\n`);
      expect(result.stdout).toBe('');
      expect(readdirSync(parent)).toEqual(['not-a-folder']);
    });

    it('exits 5 when the output folder does not exist, and does not create it (a typo must not bill into a new folder)', async () => {
      const missing = join(mkdtempSync(join(tmpdir(), 'ipex-bill-')), 'typo');
      const result = await cli([...sample, '--out', missing]);
      expect(result.status).toBe(5);
      expect(result.stderr).toBe(`ipex-bill: the output folder ${missing} does not exist; create it first (mkdir -p ${missing}) or pass another --out\n`);
      expect(result.stdout).toBe('');
      expect(existsSync(missing)).toBe(false);
    });

    it.skipIf(process.platform === 'win32')('refuses a missing output folder before it reads the logs', () => {
      // A log that is a named pipe nobody writes into: reading it would wait for ever (the run is stopped after
      // 20 s), so a prompt exit 5 shows that the folder was checked first.
      const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
      execFileSync('mkfifo', [join(dir, 'log.csv')]);
      const missing = join(dir, 'typo');
      const args = [...sample, '--logs', 'log.csv', '--customers', join(REPO, 'fixtures/sample/customers.csv'), '--out', 'typo'];
      const result = spawnSync(process.execPath, [join(REPO, 'bin/ipex-bill.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      expect(result.status).toBe(5);
      expect(result.stderr).toBe(`ipex-bill: the output folder ${missing} does not exist; create it first (mkdir -p ${missing}) or pass another --out\n`);
    });

    it.skipIf(process.platform === 'win32')('bills a log given as a named pipe (`--logs <(unzip -p …)`) exactly as the file itself', async () => {
      // A pipe gives its bytes once; the log's pieces are walked twice (encoding, then rows), and the second
      // walk used to find it empty: "the file has no header row".
      const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
      const fifo = join(dir, 'may.csv');
      execFileSync('mkfifo', [fifo]);
      const may = join(REPO, 'fixtures/sample/work-log-2024-05.csv');
      const rest = ['--logs', join(REPO, 'fixtures/sample/work-log-2024-01-04.csv'), '--customers', join(REPO, 'fixtures/sample/customers.csv'), '--topups', join(REPO, 'fixtures/sample/topups.csv')];
      const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', may, fifo], { stdio: 'ignore' });
      const written = new Promise((resolve) => writer.on('exit', resolve));
      const result = spawnSync(process.execPath, [join(REPO, 'bin/ipex-bill.js'), ...sample, '--logs', fifo, ...rest], { encoding: 'utf8', timeout: 20_000 });
      await written;
      const fromFile = await cli([...sample, '--logs', may, ...rest]);
      expect(result.stderr).not.toMatch(/no header/);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(fromFile.stdout);
      expect(result.stdout).toMatch(/36 350 Kč/);
    });

    it.skipIf(!existsSync('/proc/self'))('exits 5 when writing fails midway (a folder even root cannot write into), printing no bill', () => {
      // For root, /proc passes the up-front checks, so this exercises the failure inside the writer itself;
      // for other users the up-front check already refuses it.
      const result = runCli([...sample, '--out', '/proc']);
      expect(result.status).toBe(5);
      expect(result.stderr).toMatch(/^ipex-bill: cannot (write \/proc\/2024-05: |write into the output folder \/proc: permission denied|lock the output folder \/proc: )/);
      expect(result.stderr).not.toMatch(/E[A-Z]{3,}|errno/); // a sentence, never the system's code (issue 13)
      expect(result.stdout).toBe('');
    });

    it.skipIf(process.getuid?.() === 0)('exits 5 when the output folder is not writable, leaving it empty', () => {
      const out = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
      chmodSync(out, 0o555);
      const result = runCli([...sample, '--out', out]);
      chmodSync(out, 0o755);
      expect(result.status).toBe(5);
      expect(result.stderr).toBe(`ipex-bill: cannot write into the output folder ${out}: permission denied\n`);
      expect(readdirSync(out)).toEqual([]);
    });
  });

  it('bills unresolved entries as the clerk decides with --treat-unresolved, and says so', async () => {
    const folder = join(REPO, 'fixtures/errors/unresolved-activity');
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-'));
    const args = ['run', '--month', '2024-05', '--logs', 'work-log.csv', '--customers', 'customers.csv', '--out', out, '--treat-unresolved', 'paid', '--no-pdf'];
    const result = await cli(args, { cwd: folder });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Unresolved entries were billed as PAID by --treat-unresolved.');
    const lines = readFileSync(join(out, '2024-05', 'lines.csv'), 'utf8');
    expect(lines).toContain('2024-05,C1,E2,T2,2024-05-03,09:00,Jan Novák,technician,,PAID,20,Bez činnosti,,run-option,0,20,2,,"unresolved: has no activity, and no keyword of its description gives one",');
  });
});
