import { resolve } from 'node:path';
import { checkMonthFolder } from '../../io/check-month-folder.js';
import { formatCzk } from '../../report/format.js';
import { reconcileMonth, type DocumentFigures } from '../../report/reconcile.js';
import { eachMonthDocument } from '../../io/read-documents.js';
import { DOCUMENTS_FILE } from '../../formats/statement-document.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

/** `ipex-bill verify DIR/YYYY-MM`: exit 0 when the folder is as written and adds up, 8 with the problems otherwise. */
export function verifyMonth(folder: string, ctx: CliContext): ExitCode {
  const sums = reconcileMonth();
  const check = checkMonthFolder(resolve(ctx.cwd, folder), (table, row) => sums.add(table, row));
  if (check.manifest) {
    // Its hash is checked with every file's; here what it says is checked against the tables. Only the
    // figures checked are kept of each document: a month of 100,000 customers has 3 GB of them.
    const figures: DocumentFigures[] = [];
    const documents = eachMonthDocument(resolve(ctx.cwd, folder), folder, check.manifest, (d) =>
      figures.push({ customer: { id: d.customer.id }, totalAmount: d.totalAmount, workAmount: d.workAmount, workedMinutes: d.workedMinutes }),
    );
    // A changed file is reported already, with its hash.
    if ('error' in documents && !check.problems.some((p) => p.startsWith(DOCUMENTS_FILE))) check.problems.push(documents.error);
    check.problems.push(...sums.problems(check.manifest, 'count' in documents ? figures : null));
  }
  if (check.problems.length > 0) {
    ctx.stderr.write(`ipex-bill: ${folder} does not verify:\n${check.problems.map((p) => `  ${p}\n`).join('')}`);
    return EXIT.VERIFY_FAILED;
  }
  const m = check.manifest!;
  ctx.stdout.write(
    `${folder}: ${m.month} version ${m.version}, written ${m.created_at} by ipex-bill ${m.tool.version}.\n` +
      `All ${check.matched} files match their sha256; ${m.totals.statements} statements and ${m.rows.billed + m.rows.free} lines add up to ${formatCzk(m.totals.total_amount_haler)}.\n`,
  );
  return EXIT.OK;
}
