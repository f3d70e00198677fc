import type { CustomerName } from '../billing/customer-search.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** No customer, or several, match what was asked (`hours`, `statement`): say so, listing the candidates. */
export function noSuchCustomer(ctx: CliContext, query: string, matches: readonly CustomerName[], where: string): ExitCode {
  if (matches.length === 0) {
    ctx.stderr.write(`ipex-bill: no customer ${where} matches "${query}" by id or name.\n`);
  } else {
    const shown = matches.slice(0, 20).map((m) => `  ${m.customer}  ${m.name}\n`).join('');
    const more = matches.length > 20 ? `  … and ${matches.length - 20} more\n` : '';
    ctx.stderr.write(`ipex-bill: "${query}" matches ${matches.length} customers; give the id or more of the name:\n${shown}${more}`);
  }
  return EXIT.NO_SUCH_CUSTOMER;
}
