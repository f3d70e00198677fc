import { Command, CommanderError } from 'commander';
import { registerHours } from './commands/hours.js';
import { registerReview } from './commands/review.js';
import { registerRun } from './commands/run.js';
import { registerStatement } from './commands/statement.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';
import type { CliContext } from './context.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import { guardStream } from './terminal-safe.js';
import { versionText } from './version.js';
import { quoteForShell } from './shell-quote.js';


/** Parse the command line, run one command, and return its exit code. Never exits the process itself. */
export async function runCli(argv: readonly string[], outside: Omit<CliContext, 'command'>): Promise<ExitCode> {
  const ctx: CliContext = {
    ...outside,
    stdout: guardStream(outside.stdout, outside.env),
    stderr: guardStream(outside.stderr, outside.env),
    command: ['ipex-bill', ...argv.map(quoteForShell)].join(' '),
  };
  let exitCode: ExitCode = EXIT.OK;
  const finish = (code: ExitCode) => {
    exitCode = code;
  };
  const program = new Command('ipex-bill')
    .description('Monthly billing of IPEX technical-support work.')
    .version(versionText())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.stdout.write(text), writeErr: (text) => ctx.stderr.write(text) })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  registerRun(program, ctx, finish);
  registerReview(program, ctx, finish);
  registerHours(program, ctx, finish);
  registerStatement(program, ctx, finish);
  registerVerify(program, ctx, finish);
  registerValidate(program, ctx, finish);
  for (const command of program.commands) {
    command.exitOverride().addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // --help and --version end with exit code 0; help shown because the command line was incomplete does not.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    throw error;
  }
  return exitCode;
}
