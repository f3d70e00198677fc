import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { inputsRequest, type InputFlags } from '../request.js';
import { addInputOptions } from './run.js';

interface ValidateFlags extends InputFlags {
  month?: string;
}

export function registerValidate(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  const validate = program
    .command('validate')
    .description('check every input file without billing: all problems with file, line and column')
    .option('--month <YYYY-MM>', 'check only this month (default: every month the log has entries in)');
  addInputOptions(validate)
    .option('--decisions <file>', 'check the review file too, and count its decisions')
    .action(async (flags: ValidateFlags) => {
      const { validateInputs } = await import('../actions/validate-inputs.js');
      finish(await validateInputs({ month: flags.month ?? null, inputs: inputsRequest(flags) }, ctx));
    });
}
