import type { ByteSource } from './byte-source.js';
import type { Checked } from '../billing/issue.js';
import type { CustomerRow } from '../billing/types.js';
import { readLanguage, readOptionalIsoDate, readOptionalText, readRequiredText, readTier } from './fields.js';
import type { ColumnSpec, CsvTableOptions } from './read-csv.js';
import type { RowSchema } from './fields.js';
import { readRows } from './read-rows.js';

/**
 * The customer file (contract): `customer,name,tier,valid_from`, then optional `address,ico,dic,language,contact`
 * for the statement document; several rows per customer for tier changes (R9). */
export const CUSTOMER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'customer', required: true, aliases: ['Zákazník', 'Klient'] },
  { name: 'name', required: true, aliases: ['Název', 'Jméno'] },
  { name: 'tier', required: true, aliases: ['Tarif', 'Úroveň podpory', 'Podpora'] },
  { name: 'valid_from', required: false, aliases: ['Platí od', 'Platnost od'] },
  // What the statement document shows (issue 15); optional, and billing does not read them.
  { name: 'address', required: false, aliases: ['Adresa', 'Sídlo'] },
  { name: 'ico', required: false, aliases: ['IČO', 'IČ'] },
  { name: 'dic', required: false, aliases: ['DIČ'] },
  { name: 'language', required: false, aliases: ['Jazyk'] },
  { name: 'contact', required: false, aliases: ['Přidělený technik', 'Přidělený konzultant', 'Technik', 'Konzultant'] },
];

const customerRow = {
  customer: readRequiredText,
  name: readRequiredText,
  tier: readTier,
  valid_from: readOptionalIsoDate,
  address: readOptionalText,
  ico: readOptionalText,
  dic: readOptionalText,
  language: readLanguage,
  contact: readOptionalText,
} satisfies RowSchema;

export function parseCustomers(bytes: Uint8Array | ByteSource, file: string, options: CsvTableOptions = {}): Checked<CustomerRow[]> {
  const read = readRows(bytes, file, CUSTOMER_COLUMNS, customerRow, { tier: 'unknown-tier', valid_from: 'bad-date', language: 'bad-language' }, options);
  return {
    value: read.value.rows.map(({ value, source }) => ({
      customer: value.customer,
      name: value.name,
      tier: value.tier,
      validFrom: value.valid_from,
      address: value.address,
      ico: value.ico,
      dic: value.dic,
      language: value.language,
      contact: value.contact,
      source,
    })),
    issues: read.issues,
  };
}
