import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The tests make many temporary folders (workspaces, output folders, generated logs). They all go under one
// folder per test run, removed when the run ends, so running the suite leaves nothing in /tmp. `os.tmpdir()`
// reads TMPDIR each time, and the test workers started after this inherit it.
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'ipex-bill-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
