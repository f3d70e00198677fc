// Part of `npm run build`: records which commit the CLI was built from, for `ipex-bill --version` (a clerk's
// or a cron job's report can then say exactly what billed). Outside a git checkout (an unpacked tarball that
// was built elsewhere keeps the file it was packed with) the commit is unknown.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
let info = { commit: null, changed: false };
try {
  info = { commit: git('rev-parse', 'HEAD'), changed: git('status', '--porcelain', '--untracked-files=no') !== '' };
} catch {
  // not a git checkout, or no git: the commit stays unknown
}
writeFileSync(new URL('../dist/build-info.json', import.meta.url), `${JSON.stringify(info)}\n`);
