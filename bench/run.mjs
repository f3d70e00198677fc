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
// on); each figure is the median of its runs, taken in rounds (each round runs every command once, so a ratio
// compares runs minutes apart), and the header of each size says how much CPU the host took meanwhile
// (steal). Peak RSS needs GNU time (Debian package `time`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  return { ms: median(times), rss };
}

/**
 * The commands measured in rounds: each round runs every command once, in turn, so a command and the baseline
 * it is compared with are minutes apart at most, not a whole size's runs. Each result also keeps its time per
 * round, so a ratio is the median of the rounds' own ratios (`show`): a host that slows down halfway through
 * moves both sides of a round's ratio.
 */
function measureRounds(runs, commands) {
  const perRound = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (const [name, [args, before]] of Object.entries(commands)) perRound[name].push(measure(args, 1, before));
  }
  return Object.fromEntries(
    Object.entries(perRound).map(([name, results]) => {
      const times = results.map((r) => r.ms);
      return [name, { ms: median(times), rss: Math.max(...results.map((r) => r.rss)), rounds: times }];
    }),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The machine's CPU time so far, from /proc/stat (Linux; null elsewhere): all of it and what the host took
 * from this virtual machine (steal), in ticks. A bench under heavy steal is not comparable with a quiet one:
 * the single-threaded baseline slows more than the two-core commands, which flatters their ratios.
 */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

function stealShare(before, after) {
  if (before === null || after === null || after.total === before.total) return null;
  return (after.steal - before.steal) / (after.total - before.total);
}

const rows = [];
const mbText = (m) => (Number.isNaN(m.rss) ? 'n/a' : `${m.rss.toFixed(0)} MB`);
const show = (label, m, { base, also, entries, mb } = {}) => {
  const speed = entries ? `${Math.round(entries / (m.ms / 1000)).toLocaleString('en')} rows/s, ${(mb / (m.ms / 1000)).toFixed(1)} MB/s` : '';
  // Measured in the same rounds: the median of each round's ratio; else the ratio of the medians.
  const ratio = (to) => {
    if (!to) return '—';
    const paired = m.rounds && to.rounds && m.rounds.length === to.rounds.length;
    return `${(paired ? median(m.rounds.map((ms, i) => ms / to.rounds[i])) : m.ms / to.ms).toFixed(2)}×`;
  };
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
  const freshOut = () => {
    const out = mkdtempSync(join(tmpdir(), 'ipex-bill-bench-'));
    return { args: ['--out', out], after: () => rmSync(out, { recursive: true, force: true }) };
  };
  let documents = 0;
  const countingPdfs = () => {
    const fresh = freshOut();
    const out = fresh.args[1];
    return { args: fresh.args, after: () => ((documents = readdirSync(join(out, '2024-05', 'statements')).filter((f) => f.endsWith('.pdf')).length), fresh.after()) };
  };
  const withPdfs = PDF === 'all' || (PDF !== '0' && entries < 1_000_000);
  const vip = customers[3];
  const stolenBefore = cpuTimes();
  const m = measureRounds(runs, {
    parseOnly: [[join(repo, 'bench/parse-stream.mjs'), log]],
    parseWhole: [[join(repo, 'bench/parse-only.mjs'), log]],
    bill: [[bin, 'run', ...inputs, '--statements', 'none']],
    run: [[bin, 'run', ...inputs, '--quiet', '--no-pdf'], freshOut],
    ...(withPdfs ? { pdfs: [[bin, 'run', ...inputs, '--quiet'], countingPdfs] } : {}),
    hours: [[bin, 'hours', vip, ...inputs, '--json']],
  });
  const stolen = stealShare(stolenBefore, cpuTimes());
  const steal = stolen === null ? '' : `; the host took ${(stolen * 100).toFixed(0)} % of the CPU (steal)`;
  rows.push(`| **${entries.toLocaleString('en')} entries** (${mb.toFixed(0)} MB, ${customers.length.toLocaleString('en')} customers; ${runs === 1 ? '1 round' : `median of ${runs} rounds`}${steal}) | | | | | |`);
  const vs = { base: m.parseOnly, also: m.parseWhole, entries, mb };
  show('(a) parse only, csv-parse streaming, `columns: false` (baseline)', m.parseOnly, { entries, mb });
  show("(a') parse only, csv-parse/sync on the whole file", m.parseWhole, { base: m.parseOnly, entries, mb });
  show('(b) `ipex-bill run` bill and summary, no `--out` (`--statements none`)', m.bill, vs);
  show('(c) `ipex-bill run --out --no-pdf` (every output file but the PDFs, fsync per file)', m.run, vs);
  if (m.pdfs) {
    show(`(f) \`ipex-bill run --out\` with ${documents.toLocaleString('en')} PDF statements: ${(documents / (m.pdfs.ms / 1000)).toFixed(1)} documents/s; the PDFs add ${((m.pdfs.ms - m.run.ms) / 1000).toFixed(1)} s to (c)`, m.pdfs, vs);
  }
  show(`(d) \`ipex-bill hours ${vip}\``, m.hours, vs);
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
