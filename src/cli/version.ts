import { createRequire } from 'node:module';

/** The tool's version, from package.json (shown by --version and recorded in every manifest). */
export const TOOL_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
