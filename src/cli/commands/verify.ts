import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';

export function registerVerify(program: Command, ctx: CliContext, finish: (code: ExitCode) => void): void {
  program
    .command('verify')
    .description('recheck a written month: files against the sha256 in its manifest.json, and that the figures add up')
    .argument('<folder>', 'the month folder, e.g. out/2024-05')
    .action(async (folder: string) => {
      const { verifyMonth } = await import('../actions/verify-month.js');
      finish(verifyMonth(folder, ctx));
    });
}
