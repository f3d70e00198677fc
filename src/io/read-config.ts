import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Checked, Issue } from '../billing/issue.js';
import type { KeywordRule } from '../billing/keywords.js';
import { DEFAULT_PRICE_LIST, type CatalogueItem, type PriceList } from '../billing/price-list.js';
import { ROLES, TIERS } from '../billing/types.js';
import { CSV_DIALECT_NAMES, type CsvDialectName } from '../formats/csv-dialect.js';
import { LOG_COLUMNS } from '../formats/work-log.js';
import { POLICY_SUPPLIER, supplierSchema, type Supplier } from '../formats/statement-document.js';
import { DURATION_FORMS, unmappedRequiredColumns, type LogFormat } from './log-format.js';
import { PRESETS, PRESET_NAMES, type PresetName } from './presets.js';

/** The config file the tool looks for in the current directory when `--config` is not given. */
export const CONFIG_FILE_NAME = 'ipex-bill.config.json';

/** What a config file sets: input paths (absolute), the output folder and the price list. */
export interface Config {
  /** The file it came from; null for the built-in defaults. */
  file: string | null;
  inputs: { logs: string[]; customers: string | null; topups: string | null };
  out: string | null;
  /** How the month's CSV files are spelled; null: the default (`rfc4180`). */
  csvDialect: CsvDialectName | null;
  /** How the work logs are written when they are another tool's export; null: our own columns. */
  logFormat: LogFormat | null;
  priceList: PriceList;
  /** Who the statement documents name as the supplier: the policy's header, completed by the config (R11). */
  supplier: Supplier;
}

/** CZK with at most two decimals, turned into haléře exactly (R10). */
const koruny = z
  .number({ error: 'must be an amount in CZK, e.g. 950 or 950.50' })
  .nonnegative({ error: 'must not be negative' })
  .refine((value) => Number.isSafeInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    error: 'must have at most two decimals (haléře)',
  })
  .transform((value) => Math.round(value * 100));

const wholeMinutes = z.number().int({ error: 'must be a whole number of minutes' }).nonnegative({ error: 'must not be negative' });
const tier = z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` });
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const path = z.string().min(1, { error: 'must be a file path' });
const words = z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' });

const header = z.string().trim().min(1, { error: "must be a column name of the export's header" });
const logColumn = z.enum(LOG_COLUMNS, { error: `must be one of our columns: ${LOG_COLUMNS.join(', ')}` });
const presetName = z.string().refine((name) => Object.hasOwn(PRESETS, name), { error: `must be a preset (${PRESET_NAMES.join(', ')})` });
const customLogFormat = z.strictObject({
  preset: presetName.optional(),
  columns: z.partialRecord(logColumn, header).optional(),
  idFrom: z.array(header).min(1).optional(),
  dateFormats: z.array(z.string().min(1)).min(1).optional(),
  timeFormats: z.array(z.string().min(1)).min(1).optional(),
  duration: z.enum(DURATION_FORMS, { error: `must be one of ${DURATION_FORMS.join(', ')}` }).optional(),
  values: z.partialRecord(logColumn, z.record(z.string(), z.string())).optional(),
});
// A preset's name or a format object; checked apart (see readLogFormat) so that messages name the problem,
// not "invalid input" from a union.
const logFormat = z.union([z.string(), z.record(z.string(), z.unknown())], { error: `must be a preset (${PRESET_NAMES.join(', ')}) or a format object` });

const configSchema = z.strictObject({
  $schema: z.string().optional(),
  inputs: z
    .strictObject({
      logs: z.union([path, z.array(path).min(1)]).optional(),
      customers: path.optional(),
      topups: path.optional(),
    })
    .optional(),
  out: path.optional(),
  keywords: z
    .array(z.strictObject({ keyword: z.string().trim().min(1, { error: 'must be a word' }), activity: z.string().min(1) }))
    .optional(),
  supplier: supplierSchema.partial().optional(),
  csvDialect: z.enum(CSV_DIALECT_NAMES, { error: `must be one of ${CSV_DIALECT_NAMES.join(', ')}` }).optional(),
  logFormat: logFormat.optional(),
  priceList: z
    .strictObject({
      stepMinutes: z.number().int().positive({ error: 'must be a whole number of minutes above 0' }).optional(),
      hourlyRates: z.strictObject({ technician: koruny.optional(), consultant: koruny.optional() }).optional(),
      tiers: z
        .partialRecord(
          tier,
          z.strictObject({
            monthlyFee: koruny.optional(),
            includedMinutes: wholeMinutes.optional(),
            responseHours: z.number().positive().nullable().optional(),
          }),
        )
        .optional(),
      topUp: z.strictObject({ price: koruny.optional(), minutes: wholeMinutes.optional(), tiers: z.array(tier).optional() }).optional(),
      sessions: z
        .strictObject({ tiers: z.array(tier).optional(), perYear: z.number().int().nonnegative().optional(), freeMinutes: wholeMinutes.optional() })
        .optional(),
      catalogue: z
        .record(
          z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'activity codes are lower-case words joined by "-"' }),
          // nullable, not a union with null: a mistake inside an item is then reported at its own key.
          z
            .strictObject({
              class: z.enum(['FREE', 'PAID', 'BY_CAUSE', 'SESSION']),
              role,
              names: z.strictObject({ cs: words, en: words }, { error: 'must name the activity in Czech and English: { "cs": "…", "en": "…" }' }).optional(),
              aliases: z.array(words).optional(),
            })
            .nullable(),
        )
        .optional(),
    })
    .optional(),
});

/**
 * Parse a config file. Paths inside it are relative to the file's folder, so the repository's own config
 * works from any directory. Problems come back as issues naming the key path (`priceList.hourlyRates.technician`).
 */
export function parseConfig(text: string, file: string, displayName: string): Checked<Config | null> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { value: null, issues: [configIssue(displayName, '', `is not valid JSON (${(error as Error).message})`)] };
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) return { value: null, issues: schemaIssues(parsed.error, displayName) };
  const data = parsed.data;
  const priceList = mergePriceList(data.priceList ?? {});
  // Keywords given in the config must name activities of the catalogue; the default ones follow the catalogue.
  const known = (rule: KeywordRule) => Object.hasOwn(priceList.catalogue, rule.activity);
  const unknown = (data.keywords ?? []).findIndex((rule) => !known(rule));
  if (unknown !== -1) {
    const rule = data.keywords![unknown]!;
    return { value: null, issues: [configIssue(displayName, `keywords.${unknown}.activity`, `"${rule.activity}" (for "${rule.keyword}") is not an activity of the catalogue`)] };
  }
  priceList.keywords = data.keywords ?? priceList.keywords.filter(known);
  const format = readLogFormat(data.logFormat, displayName);
  if ('issues' in format) return { value: null, issues: format.issues };
  const base = dirname(resolve(file));
  const at = (p: string | undefined) => (p === undefined ? null : resolve(base, p));
  const logs = data.inputs?.logs;
  return {
    value: {
      file,
      inputs: {
        logs: (logs === undefined ? [] : Array.isArray(logs) ? logs : [logs]).map((p) => resolve(base, p)),
        customers: at(data.inputs?.customers),
        topups: at(data.inputs?.topups),
      },
      out: at(data.out),
      csvDialect: data.csvDialect ?? null,
      logFormat: format.value,
      priceList,
      supplier: { ...POLICY_SUPPLIER, ...definedOnly(data.supplier ?? {}) },
    },
    issues: [],
  };
}

export const DEFAULT_CONFIG: Config = {
  file: null,
  inputs: { logs: [], customers: null, topups: null },
  out: null,
  csvDialect: null,
  logFormat: null,
  priceList: DEFAULT_PRICE_LIST,
  supplier: POLICY_SUPPLIER,
};

/**
 * A preset by name, or the config's own format, which may start from a preset (`"preset": "toggl"` plus a
 * `values` map from client names to customer ids) and must map every column a bill needs.
 */
function readLogFormat(written: z.output<typeof logFormat> | undefined, file: string): { value: LogFormat | null } | { issues: Issue[] } {
  if (written === undefined) return { value: null };
  if (typeof written === 'string') {
    const name = presetName.safeParse(written);
    return name.success ? { value: PRESETS[written as PresetName] } : { issues: [configIssue(file, 'logFormat', `must be a preset (${PRESET_NAMES.join(', ')}) or a format object`)] };
  }
  const parsed = customLogFormat.safeParse(written);
  if (!parsed.success) return { issues: schemaIssues(parsed.error, file, ['logFormat']) };
  const given = parsed.data;
  const { preset, ...own } = given;
  const base: Omit<LogFormat, 'name'> = preset === undefined ? { columns: {} } : PRESETS[preset as PresetName];
  const format: LogFormat = {
    ...base,
    ...own,
    name: `logFormat in ${file}`,
    columns: { ...base.columns, ...own.columns },
    values: { ...base.values, ...own.values },
    ...(preset === undefined ? {} : { basedOn: preset as PresetName }),
  };
  const missing = unmappedRequiredColumns(format);
  if (missing.length > 0) return { issues: [configIssue(file, 'logFormat.columns', `must map ${missing.join(', ')}: no entry can be billed without them`)] };
  return { value: format };
}
type PriceListOverrides = NonNullable<z.output<typeof configSchema>['priceList']>;

function mergePriceList(overrides: PriceListOverrides): PriceList {
  const d = DEFAULT_PRICE_LIST;
  const tiers = { ...d.tiers };
  for (const name of TIERS) tiers[name] = { ...d.tiers[name], ...definedOnly(overrides.tiers?.[name] ?? {}) };
  const catalogue: Record<string, CatalogueItem> = { ...d.catalogue };
  for (const [code, item] of Object.entries(overrides.catalogue ?? {})) {
    if (item === null) delete catalogue[code];
    // A default activity given another class or role keeps its names unless new ones are given.
    else catalogue[code] = { ...definedOnly({ names: d.catalogue[code]?.names, aliases: d.catalogue[code]?.aliases }), ...definedOnly(item), class: item.class, role: item.role };
  }
  return {
    stepMinutes: overrides.stepMinutes ?? d.stepMinutes,
    hourlyRates: { ...d.hourlyRates, ...definedOnly(overrides.hourlyRates ?? {}) },
    tiers,
    topUp: { ...d.topUp, ...definedOnly(overrides.topUp ?? {}) },
    sessions: { ...d.sessions, ...definedOnly(overrides.sessions ?? {}) },
    catalogue,
    keywords: d.keywords,
  };
}

function definedOnly<T extends object>(value: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

function schemaIssues(error: z.ZodError, file: string, at: PropertyKey[] = []): Issue[] {
  return error.issues.map((problem) =>
    configIssue(
      file,
      [...at, ...problem.path].map(String).join('.'),
      problem.code === 'unrecognized_keys' ? `has an unknown key ${problem.keys.map((k) => `"${k}"`).join(', ')} (a typo?)` : problem.message,
    ),
  );
}

function configIssue(file: string, path: string, message: string): Issue {
  return { code: 'bad-config', message: `${path === '' ? 'the config' : path} ${message}`, source: { file, line: 0 } };
}
