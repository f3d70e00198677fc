import type { Issue } from '../billing/issue.js';
import { isBillingMonth } from '../billing/month.js';
import type { Config } from '../io/read-config.js';
import { loadInputs, type LoadedInputs } from '../io/load-inputs.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { reportIssues } from './report-issues.js';
import { loadConfig, resolveInputFiles, type InputOptions } from './settings.js';

/**
 * The common start of every command that bills: check the month, find the config and the input files, and read
 * them. Returns the exit code to stop with, or the config, the inputs and the problems met reading them.
 */
export function readMonthInputs(
  month: string,
  options: InputOptions,
  ctx: CliContext,
): { exit: ExitCode } | { config: Config; inputs: LoadedInputs; issues: Issue[] } {
  if (!isBillingMonth(month)) {
    ctx.stderr.write(`ipex-bill: --month "${month}" is not a month; use YYYY-MM, e.g. 2024-05\n`);
    return { exit: EXIT.USAGE };
  }
  const loaded = loadConfig(options, ctx.cwd);
  if ('issues' in loaded) return { exit: reportIssues(ctx, loaded.issues) };
  const files = resolveInputFiles(options, loaded.config, ctx.cwd);
  if ('usage' in files) {
    ctx.stderr.write(`ipex-bill: ${files.usage}\n`);
    return { exit: EXIT.USAGE };
  }
  const read = loadInputs(files.files);
  return { config: loaded.config, inputs: read.value, issues: read.issues };
}
