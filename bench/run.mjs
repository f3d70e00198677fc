// `npm run bench`: times the CLI against baselines measured in the same run, and prints ratios, because the
// machines are shared and noisy (absolute seconds vary, ratios much less). Each figure is the median of 5 runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate-log.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = join(repo, 'bin/ipex-bill.js');
const RUNS = 5;

if (!existsSync(join(repo, 'dist/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });

// GNU time reports peak RSS; without it (package `time` on Debian) the table shows times only.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Median wall time (ms) and peak RSS (MB, NaN without GNU time) of a node command. */
function measure(args) {
  const times = [];
  let rss = GNU_TIME ? 0 : NaN;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const [command, commandArgs] = GNU_TIME ? [GNU_TIME, ['-f', '%M', process.execPath, ...args]] : [process.execPath, args];
    const result = spawnSync(command, commandArgs, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`failed (${result.status}): node ${args.join(' ')}\n${result.stderr}`);
    times.push(ms);
    if (GNU_TIME) rss = Math.max(rss, Number(result.stderr.trim().split('\n').at(-1)) / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], rss };
}

const rows = [];
const show = (label, m, base) =>
  rows.push(`| ${label} | ${m.ms.toFixed(0)} ms | ${base ? (m.ms / base.ms).toFixed(2) + '×' : '—'} | ${Number.isNaN(m.rss) ? 'n/a' : `${m.rss.toFixed(0)} MB`} |`);

const node = measure(['-e', '0']);
const version = measure([bin, '--version']);
show('node start-up (`node -e 0`)', node);
show('`ipex-bill --version` (start-up of the CLI)', version, node);

for (const entries of [50_000]) {
  const folder = join(repo, 'bench/data', String(entries));
  const { customers } = generate(entries, folder);
  const log = join(folder, 'work-log.csv');
  const inputs = ['--logs', log, '--customers', join(folder, 'customers.csv'), '--topups', join(folder, 'topups.csv'), '--month', '2024-05'];
  const parseOnly = measure([join(repo, 'bench/parse-only.mjs'), log]);
  const vip = customers[3];
  const hoursOne = measure([bin, 'hours', vip, ...inputs, '--json']);
  const hoursAll = measure([bin, 'hours', '--all', ...inputs, '--json']);
  const mb = statSync(log).size / 1e6;
  rows.push(`| **${entries.toLocaleString('en')} entries** (${mb.toFixed(1)} MB, ${customers.length} customers) | | | |`);
  show('parse only, csv-parse `columns: false` (baseline)', parseOnly);
  show(`\`ipex-bill hours ${vip}\``, hoursOne, parseOnly);
  show('`ipex-bill hours --all`', hoursAll, parseOnly);
  rows.push(`| hours for one customer: ${(entries / (hoursOne.ms / 1000)).toFixed(0)} rows/s, ${(mb / (hoursOne.ms / 1000)).toFixed(1)} MB/s | | | |`);
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; median of ${RUNS} runs each.\n`);
console.log('| what | wall time | ratio to baseline | peak RSS |\n|---|---|---|---|');
console.log(rows.join('\n'));
