import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Issue } from '../billing/issue.js';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config } from '../io/read-config.js';
import type { InputFiles } from '../io/load-inputs.js';
import type { InputsRequest } from './request.js';

/** Explicit `--config FILE`, else `ipex-bill.config.json` in the current folder, else the built-in defaults. */
export function loadConfig(file: string | null, cwd: string): { config: Config } | { issues: Issue[] } {
  const path = resolve(cwd, file ?? CONFIG_FILE_NAME);
  if (file === null && !existsSync(path)) return { config: DEFAULT_CONFIG };
  const name = file ?? CONFIG_FILE_NAME;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { issues: [{ code: 'file-unreadable', message: `cannot read the config file: ${why}`, source: { file: name, line: 0 } }] };
  }
  const parsed = parseConfig(text, path, name);
  return parsed.value ? { config: parsed.value } : { issues: parsed.issues };
}

/** Where each input comes from: command-line options win over the config's defaults. */
export function resolveInputFiles(inputs: InputsRequest, config: Config, cwd: string): { files: InputFiles } | { usage: string } {
  const fromFlag = (p: string) => ({ path: resolve(cwd, p), name: p });
  const fromConfig = (p: string) => ({ path: p, name: displayPath(p, cwd) });
  const logs = inputs.logs.length > 0 ? inputs.logs.map(fromFlag) : config.inputs.logs.map(fromConfig);
  if (logs.length === 0) return { usage: `no work log: pass --logs FILE or set inputs.logs in ${CONFIG_FILE_NAME}` };
  const customers = inputs.customers ? fromFlag(inputs.customers) : config.inputs.customers ? fromConfig(config.inputs.customers) : null;
  if (!customers) return { usage: `no customer file: pass --customers FILE or set inputs.customers in ${CONFIG_FILE_NAME}` };
  const topups = inputs.topups ? fromFlag(inputs.topups) : config.inputs.topups ? fromConfig(config.inputs.topups) : null;
  return { files: { logs, customers, topups } };
}

/** A path as the user would write it from the current folder. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
