import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { inputsRequest, type InputFlags } from '../request.js';
import { CSV_DIALECT_NAMES, type CsvDialectName } from '../../formats/csv-dialect.js';
import { addInputOptions } from './run.js';

interface ReviewFlags extends InputFlags {
  month: string;
  write?: string;
  csvDialect?: CsvDialectName;
  color: boolean;
}

export function registerReview(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  const review = program
    .command('review')
    .description('list the entries the rules cannot classify and write review.csv for the clerk\u2019s decisions')
    .requiredOption('--month <YYYY-MM>', 'the billing month: YYYY-MM, previous or current (in Prague)');
  addInputOptions(review)
    .option('--out <dir>', 'the output folder of closed months, so late entries are reviewed too (default: out in the config)')
    .option('--decisions <file>', 'decisions made so far (a review file filled in): kept, and their entries re-checked')
    .option('--write <file>', 'where to write the review file (default: the --decisions file, else review.csv)')
    .addOption(new Option('--csv-dialect <name>', 'CSV spelling of the review file: rfc4180 or excel-cs (for Czech Excel)').choices(CSV_DIALECT_NAMES))
    .option('--no-color', 'no colours even on a terminal')
    .action(async (flags: ReviewFlags) => {
      const { reviewMonth } = await import('../actions/review-month.js');
      finish(await reviewMonth({ month: flags.month, write: flags.write ?? null, csvDialect: flags.csvDialect ?? null, color: flags.color, inputs: inputsRequest(flags) }, ctx));
    });
}
