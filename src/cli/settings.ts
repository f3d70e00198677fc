import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Issue } from '../billing/issue.js';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config } from '../io/read-config.js';
import type { InputFiles } from '../io/load-inputs.js';
import type { PresetName } from '../io/presets.js';

/** Input options shared by commands that read the month's data. */
export interface InputOptions {
  config?: string;
  logs?: string[];
  customers?: string;
  topups?: string;
  out?: string;
  encoding?: 'utf-8' | 'windows-1250';
  delimiter?: ',' | ';' | 'tab';
  /** The work logs are another tool's export (`--preset toggl`); wins over the config's `logFormat`. */
  preset?: PresetName;
}

/** Explicit `--config FILE`, else `ipex-bill.config.json` in the current folder, else the built-in defaults. */
export function loadConfig(options: InputOptions, cwd: string): { config: Config } | { issues: Issue[] } {
  const explicit = options.config !== undefined;
  const path = resolve(cwd, options.config ?? CONFIG_FILE_NAME);
  if (!explicit && !existsSync(path)) return { config: DEFAULT_CONFIG };
  const name = options.config ?? CONFIG_FILE_NAME;
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
export function resolveInputFiles(options: InputOptions, config: Config, cwd: string): { files: InputFiles } | { usage: string } {
  const fromFlag = (p: string) => ({ path: resolve(cwd, p), name: p });
  const fromConfig = (p: string) => ({ path: p, name: displayPath(p, cwd) });
  const logs = options.logs && options.logs.length > 0 ? options.logs.map(fromFlag) : config.inputs.logs.map(fromConfig);
  if (logs.length === 0) return { usage: `no work log: pass --logs FILE or set inputs.logs in ${CONFIG_FILE_NAME}` };
  const customers = options.customers ? fromFlag(options.customers) : config.inputs.customers ? fromConfig(config.inputs.customers) : null;
  if (!customers) return { usage: `no customer file: pass --customers FILE or set inputs.customers in ${CONFIG_FILE_NAME}` };
  const topups = options.topups ? fromFlag(options.topups) : config.inputs.topups ? fromConfig(config.inputs.topups) : null;
  return { files: { logs, customers, topups } };
}

/** A path as the user would write it from the current folder. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
