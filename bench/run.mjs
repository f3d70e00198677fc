// `npm run bench`: times the CLI against a bare parse of the same file, measured in the same run, and prints
// ratios, because the machines are shared and noisy (absolute seconds vary, ratios much less). For each size:
//   (a) parse only: one streaming pass of csv-parse (`columns: false`) over the work log — the baseline the
//       targets of issue 14 are ratios to; (a') the same parser on the whole file at once (csv-parse/sync), the
//       baseline of earlier tables;
//   (b) `ipex-bill run` billing the month and printing its summary, without an output folder;
//   (c) `ipex-bill run` writing every output file of the month but the PDFs (`--out --no-pdf`, fresh folder
//       each time): the engine's target of issue 14 leaves the customers' PDFs out (issue 15);
//   (d) `ipex-bill hours` for one customer;
//   (f) `ipex-bill run --out` with the PDF statements: documents per second of the whole run and what the
//       PDFs add to (c); by default only below 1M entries (10,000 PDFs take minutes), BENCH_PDF=all for every
//       size, BENCH_PDF=0 for none;
//   (e) history: months closed one after another into one folder, each log of the same size with its own
//       ids; month 12 (11 closed months before it) against month 1. BENCH_HISTORY=0 leaves it out, =only
//       runs it alone.
// Sizes and repetitions: BENCH_SIZES=100000,1000000 (default) and BENCH_RUNS (default 3 below 1M, 1 from 1M
// on); each figure is the median of its runs. Peak RSS needs GNU time (Debian package `time`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate-log.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = join(repo, 'bin/ipex-bill.js');
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);

if (!existsSync(join(repo, 'dist/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Median wall time (ms) and peak RSS (MB; NaN without GNU time) of a node command, over `runs` runs. `before`
 * runs before each run and gives the arguments' last part (a fresh output folder) and what to do after it.
 */
function measure(fixedArgs, runs, before = () => ({ args: [], after: () => undefined })) {
  const times = [];
  let rss = GNU_TIME ? 0 : NaN;
  for (let i = 0; i < runs; i++) {
    const prepared = before();
    const args = [...fixedArgs, ...prepared.args];
    const started = process.hrtime.bigint();
    const [command, commandArgs] = GNU_TIME ? [GNU_TIME, ['-f', '%M', process.execPath, ...args]] : [process.execPath, args];
    const result = spawnSync(command, commandArgs, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    prepared.after();
    if (result.status !== 0) throw new Error(`failed (${result.status}): node ${args.join(' ')}\n${result.stderr}`);
    times.push(ms);
    if (GNU_TIME) rss = Math.max(rss, Number(result.stderr.trim().split('\n').at(-1)) / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rss };
}

const rows = [];
const mbText = (m) => (Number.isNaN(m.rss) ? 'n/a' : `${m.rss.toFixed(0)} MB`);
const show = (label, m, { base, also, entries, mb } = {}) => {
  const speed = entries ? `${Math.round(entries / (m.ms / 1000)).toLocaleString('en')} rows/s, ${(mb / (m.ms / 1000)).toFixed(1)} MB/s` : '';
  const ratio = (to) => (to ? `${(m.ms / to.ms).toFixed(2)}×` : '—');
  rows.push(`| ${label} | ${(m.ms / 1000).toFixed(2)} s | ${ratio(base)} | ${ratio(also)} | ${speed} | ${mbText(m)} |`);
};
const HISTORY = process.env.BENCH_HISTORY !== '0';
const PDF = process.env.BENCH_PDF ?? 'below-1M';

/** BENCH_HISTORY=only: just (e), for each size. */
const ONLY_HISTORY = process.env.BENCH_HISTORY === 'only';
const HISTORY_MONTHS = ['2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05'];

const node = measure(['-e', '0'], 5);
show('node start-up (`node -e 0`)', node);
show('`ipex-bill --version` (start-up of the CLI)', measure([bin, '--version'], 5), { base: node });

for (const entries of SIZES) {
  const runs = Number(process.env.BENCH_RUNS ?? (entries >= 1_000_000 ? 1 : 3));
  if (ONLY_HISTORY) {
    history(entries);
    continue;
  }
  const folder = join(repo, 'bench/data', String(entries));
  const { customers } = generate(entries, folder);
  const log = join(folder, 'work-log.csv');
  const mb = statSync(log).size / 1e6;
  const inputs = ['--logs', log, '--customers', join(folder, 'customers.csv'), '--topups', join(folder, 'topups.csv'), '--month', '2024-05'];
  const parseOnly = measure([join(repo, 'bench/parse-stream.mjs'), log], runs);
  const parseWhole = measure([join(repo, 'bench/parse-only.mjs'), log], runs);
  const freshOut = () => {
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-bench-'));
    return { args: ['--out', out], after: () => rmSync(out, { recursive: true, force: true }) };
  };
  const bill = measure([bin, 'run', ...inputs, '--statements', 'none'], runs);
  const run = measure([bin, 'run', ...inputs, '--quiet', '--no-pdf'], runs, freshOut);
  let documents = 0;
  const countingPdfs = () => {
    const fresh = freshOut();
    const out = fresh.args[1];
    return { args: fresh.args, after: () => ((documents = readdirSync(join(out, '2024-05', 'statements')).filter((f) => f.endsWith('.pdf')).length), fresh.after()) };
  };
  const pdfs = PDF === 'all' || (PDF !== '0' && entries < 1_000_000) ? measure([bin, 'run', ...inputs, '--quiet'], runs, countingPdfs) : null;
  const vip = customers[3];
  const hours = measure([bin, 'hours', vip, ...inputs, '--json'], runs);
  rows.push(`| **${entries.toLocaleString('en')} entries** (${mb.toFixed(0)} MB, ${customers.length.toLocaleString('en')} customers; ${runs === 1 ? '1 run' : `median of ${runs}`}) | | | | | |`);
  const vs = { base: parseOnly, also: parseWhole, entries, mb };
  show('(a) parse only, csv-parse streaming, `columns: false` (baseline)', parseOnly, { entries, mb });
  show("(a') parse only, csv-parse/sync on the whole file", parseWhole, { base: parseOnly, entries, mb });
  show('(b) `ipex-bill run` bill and summary, no `--out` (`--statements none`)', bill, vs);
  show('(c) `ipex-bill run --out --no-pdf` (every output file but the PDFs, fsync per file)', run, vs);
  if (pdfs) {
    show(`(f) \`ipex-bill run --out\` with ${documents.toLocaleString('en')} PDF statements: ${(documents / (pdfs.ms / 1000)).toFixed(1)} documents/s; the PDFs add ${((pdfs.ms - run.ms) / 1000).toFixed(1)} s to (c)`, pdfs, vs);
  }
  show(`(d) \`ipex-bill hours ${vip}\``, hours, vs);
  if (HISTORY) history(entries);
}

/** (e): twelve months closed in a row into one folder; month 12 reads the records of the eleven before it. */
function history(entries) {
  const out = mkdtempSync(join(tmpdir(), 'ipex-bill-history-'));
  const times = [];
  let mb = 0;
  for (const month of HISTORY_MONTHS) {
    const folder = join(repo, 'bench/data', `history-${entries}`, month);
    generate(entries, folder, month);
    mb = statSync(join(folder, 'work-log.csv')).size / 1e6;
    const args = ['run', '--month', month, '--logs', join(folder, 'work-log.csv'), '--customers', join(folder, 'customers.csv'), '--topups', join(folder, 'topups.csv'), '--out', out, '--quiet', '--no-pdf'];
    times.push(measure([bin, ...args], 1));
    rmSync(folder, { recursive: true, force: true });
  }
  rmSync(out, { recursive: true, force: true });
  const first = times[0];
  const last = times.at(-1);
  show(`(e) history: \`run --out\` of month 1, no closed months (${HISTORY_MONTHS[0]})`, first, { entries, mb });
  rows.push(`| (e) history: \`run --out\` of month 12 after 11 closed months (${HISTORY_MONTHS.at(-1)}) | ${(last.ms / 1000).toFixed(2)} s | ${(last.ms / first.ms).toFixed(2)}× month 1 | | | ${mbText(last)} |`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const table = ["| what | wall time | ratio to (a) | ratio to (a') | speed | peak RSS |", '|---|---|---|---|---|---|', ...rows].join('\n');
console.log(`Machine: ${machine}\n\n${table}`);
writeFileSync(join(repo, 'bench/data/latest.md'), `Machine: ${machine}\n\n${table}\n`);
