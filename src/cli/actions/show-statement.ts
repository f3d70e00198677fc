import { existsSync, lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findCustomers } from '../../billing/customer-search.js';
import { resolveMonthWord } from '../../billing/month.js';
import type { Language } from '../../billing/types.js';
import { sha256Hex } from '../../io/digest.js';
import { eachMonthDocument, readMonthDocuments } from '../../io/read-documents.js';
import { replaceFile } from '../../io/durable-write.js';
import { readClosedMonth } from '../../io/month-store.js';
import { statementBaseName } from '../../report/file-names.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { todayInPrague } from '../month-inputs.js';
import { noSuchCustomer } from '../no-such-customer.js';
import { renderPdf } from '../render-pdf.js';
import type { StatementRequest } from '../request.js';
import { displayPath, loadConfig } from '../settings.js';
import { reportIssues } from '../report-issues.js';

/**
 * `ipex-bill statement <customer> --month YYYY-MM`: a customer's PDF statement rendered again from the closed
 * month's documents.jsonl (issue 15). In the document's own language it is byte for byte the PDF the run
 * wrote (and says so, having compared); `--lang` renders the other language from the same figures.
 */
export async function showStatement(request: StatementRequest, ctx: CliContext): Promise<ExitCode> {
  const month = resolveMonthWord(request.month, todayInPrague(ctx));
  if (month === null) return usage(ctx, `--month "${request.month}" is not a month; use YYYY-MM (e.g. 2024-05), previous or current`);
  const loaded = loadConfig(request.config, ctx.cwd);
  if ('issues' in loaded) return reportIssues(ctx, loaded.issues, new Map());
  const outDir = request.from !== null ? resolve(ctx.cwd, request.from) : loaded.config.out;
  if (outDir === null) return usage(ctx, 'where are the closed months? pass --from DIR (the folder run --out wrote) or set out in the config');

  const folder = join(outDir, month);
  const shownFolder = displayPath(folder, ctx.cwd);
  if (!existsSync(folder) && !isLink(folder)) return fail(ctx, EXIT.OUTPUT_FAILED, `${month} has not been billed into ${displayPath(outDir, ctx.cwd)}`);
  const read = readClosedMonth(folder, month, null);
  if ('damaged' in read) return fail(ctx, EXIT.OUTPUT_FAILED, `${shownFolder} is damaged: ${read.damaged.problems.join('; ')}; ipex-bill verify ${shownFolder} shows more`);
  const { manifest } = read.closed;
  // The customers' ids and names first, then the one document asked for: a month of 100,000 customers has
  // 3 GB of documents, far more than one is worth holding.
  const names: { customer: string; name: string }[] = [];
  const documents = eachMonthDocument(folder, shownFolder, manifest, (d) => names.push({ customer: d.customer.id, name: d.customer.name }));
  if ('absent' in documents) {
    return fail(ctx, EXIT.OUTPUT_FAILED,
      `${shownFolder} (version ${manifest.version}) has no statement documents: ipex-bill ${manifest.tool.version}, which wrote it, did not write them. ` +
        `run --month ${month} --reissue "statement documents" writes them, with the same inputs.`);
  }
  if ('error' in documents) return fail(ctx, EXIT.OUTPUT_FAILED, documents.error);
  const matches = findCustomers(request.customer, names);
  if (matches.length !== 1) return noSuchCustomer(ctx, request.customer, matches, `with a statement in ${month}`);
  const one = readMonthDocuments(folder, shownFolder, manifest, matches[0]!.customer);
  if ('error' in one) return fail(ctx, EXIT.OUTPUT_FAILED, one.error);
  const document = 'documents' in one ? one.documents[0] : undefined;
  if (document === undefined) return fail(ctx, EXIT.OUTPUT_FAILED, `${shownFolder} has no statement document of ${matches[0]!.customer}`);
  const language: Language = request.language ?? document.language;

  const pdf = await renderPdf(document, language);
  const baseName = statementBaseName(document.customer.id);
  const target = resolve(ctx.cwd, request.out ?? `${baseName}-${month}${language === document.language ? '' : `-${language}`}.pdf`);
  const written = replaceFile(target, pdf);
  if (written !== null) return fail(ctx, EXIT.OUTPUT_FAILED, written);

  const sameAsRun = language === document.language ? compareWithRun(folder, `statements/${baseName}.pdf`, pdf, manifest.outputs) : '';
  ctx.stderr.write(`Wrote ${displayPath(target, ctx.cwd)}: the statement of ${document.customer.id} (${document.customer.name}) for ${month}, version ${manifest.version}, in ${language === 'cs' ? 'Czech' : 'English'}${sameAsRun}.\n`);
  return EXIT.OK;
}

/** Whether the PDF is the one the run wrote, as its manifest lists it. */
function compareWithRun(folder: string, path: string, pdf: Uint8Array, outputs: readonly { file: string; sha256: string }[]): string {
  const listed = outputs.find((o) => o.file === path);
  if (!listed) return ' (the month was written with --no-pdf, so there is no PDF of the run to compare with)';
  return sha256Hex(pdf) === listed.sha256
    ? `; identical to ${path} as the run wrote it`
    : `; it differs from ${path} as the run wrote it (another version of ipex-bill renders it otherwise; the run's file is in ${folder})`;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function usage(ctx: CliContext, message: string): ExitCode {
  ctx.stderr.write(`ipex-bill: ${message}\n`);
  return EXIT.USAGE;
}

function fail(ctx: CliContext, code: ExitCode, message: string): ExitCode {
  ctx.stderr.write(`ipex-bill: ${message}\n`);
  return code;
}
