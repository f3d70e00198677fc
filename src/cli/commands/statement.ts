import { Option, type Command } from 'commander';
import { LANGUAGES, type Language } from '../../billing/types.js';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';

interface StatementFlags {
  month: string;
  from?: string;
  out?: string;
  lang?: Language;
  config?: string;
}

export function registerStatement(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  program
    .command('statement')
    .description('a customer\u2019s PDF statement of a closed month again, byte for byte as the run wrote it (or in the other language)')
    .argument('<customer>', 'customer id, or a unique part of the name (case and accents ignored)')
    .requiredOption('--month <YYYY-MM>', 'the closed month: YYYY-MM, previous or current')
    .option('--from <dir>', 'the output folder the month was written into by run --out (default: out in the config)')
    .option('--out <file>', 'where to write the PDF (default: <customer>-<YYYY-MM>.pdf here)')
    .addOption(new Option('--lang <language>', 'cs or en (default: the customer\u2019s language as billed)').choices(LANGUAGES))
    .option('--config <file>', 'config file (default: ./ipex-bill.config.json if present)')
    .action(async (customer: string, flags: StatementFlags) => {
      const { showStatement } = await import('../actions/show-statement.js');
      finish(
        await showStatement(
          { customer, month: flags.month, from: flags.from ?? null, out: flags.out ?? null, language: flags.lang ?? null, config: flags.config ?? null },
          ctx,
        ),
      );
    });
}
