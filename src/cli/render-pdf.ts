import { DateTime } from 'luxon';
import type { Language } from '../billing/types.js';
import type { StatementDocument } from '../formats/statement-document.js';
import { statementFonts } from '../io/fonts.js';
import { PRAGUE } from '../io/fields.js';
import { renderStatementPdf } from '../report/pdf.js';
import { documentDate } from '../report/statement-document.js';

/**
 * A statement document as PDF bytes. Its creation date is the month's last day in Prague, never the clock:
 * the same month renders the same bytes in every run and in `ipex-bill statement` (issue 15).
 */
export function renderPdf(document: StatementDocument, language?: Language): Promise<Uint8Array> {
  const created = DateTime.fromISO(documentDate(document.month), { zone: PRAGUE }).toJSDate();
  return renderStatementPdf(document, statementFonts(), created, language);
}
