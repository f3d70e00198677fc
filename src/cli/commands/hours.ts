import { Option, type Command } from 'commander';
import type { UsageOrder } from '../../billing/usage.js';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { inputsRequest, type InputFlags } from '../request.js';
import { addInputOptions } from './run.js';

interface HoursFlags extends InputFlags {
  month?: string;
  asOf?: string;
  all?: boolean;
  sort: UsageOrder;
  json?: boolean;
  color: boolean;
}

export function registerHours(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  const hours = program
    .command('hours')
    .description('month-to-date usage of a customer\u2019s included hours (the same figures run would bill)')
    .argument('[customer]', 'customer id, or a unique part of the name (case and accents ignored)')
    .option('--month <YYYY-MM>', 'the month: YYYY-MM, current or previous (default: the current month in Prague)')
    .option('--as-of <YYYY-MM-DD>', 'count entries up to this day (default: today for the current month, else the whole month)')
    .option('--all', 'one table of every customer\u2019s usage')
    .addOption(new Option('--sort <order>', 'order of the --all table: customer, left (fewest minutes left first) or charged').choices(['customer', 'left', 'charged']).default('customer'));
  addInputOptions(hours)
    .option('--out <dir>', 'the output folder of closed months, so late entries count as run would bill them (default: out in the config)')
    .option('--decisions <file>', 'the clerk\u2019s decisions for unresolved entries, as for run')
    .option('--json', 'print the usage as JSON')
    .option('--no-color', 'no colours even on a terminal')
    .action(async (customer: string | undefined, flags: HoursFlags) => {
      const { showHours } = await import('../actions/show-hours.js');
      finish(
        await showHours(
          {
            customer: customer ?? null,
            all: flags.all === true,
            month: flags.month ?? 'current',
            asOf: flags.asOf ?? null,
            sort: flags.sort,
            json: flags.json === true,
            color: flags.color,
            inputs: inputsRequest(flags),
          },
          ctx,
        ),
      );
    });
}
