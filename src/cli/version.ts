import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The tool's version, from package.json (shown by --version and recorded in every manifest). */
export const TOOL_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * What `--version` prints: the version and the commit the CLI was built from (`npm run build` writes
 * dist/build-info.json), so a report can say exactly which code billed a month.
 */
export function versionText(): string {
  let info: { commit: string | null; changed: boolean } = { commit: null, changed: false };
  try {
    info = JSON.parse(readFileSync(new URL('../build-info.json', import.meta.url), 'utf8')) as typeof info;
  } catch {
    // run from the sources (the tests), or a build without git: the commit is unknown
  }
  const commit = info.commit === null ? 'commit unknown' : `commit ${info.commit.slice(0, 12)}${info.changed ? ', with uncommitted changes' : ''}`;
  return `${TOOL_VERSION} (${commit})`;
}
