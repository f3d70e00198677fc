import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Checked, Issue } from '../billing/issue.js';
import type { KeywordRule } from '../billing/keywords.js';
import { DEFAULT_PRICE_LIST, type CatalogueItem, type PriceList } from '../billing/price-list.js';
import { ROLES, TIERS } from '../billing/types.js';
import { CSV_DIALECT_NAMES, type CsvDialectName } from '../report/csv-dialect.js';

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
  priceList: PriceList;
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
  csvDialect: z.enum(CSV_DIALECT_NAMES, { error: `must be one of ${CSV_DIALECT_NAMES.join(', ')}` }).optional(),
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
          z.union([z.strictObject({ class: z.enum(['FREE', 'PAID', 'BY_CAUSE', 'SESSION']), role }), z.null()]),
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
  if (!parsed.success) {
    return {
      value: null,
      issues: parsed.error.issues.map((problem) =>
        configIssue(
          displayName,
          problem.path.join('.'),
          problem.code === 'unrecognized_keys' ? `has an unknown key ${problem.keys.map((k) => `"${k}"`).join(', ')} (a typo?)` : problem.message,
        ),
      ),
    };
  }
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
      priceList,
    },
    issues: [],
  };
}

export const DEFAULT_CONFIG: Config = {
  file: null,
  inputs: { logs: [], customers: null, topups: null },
  out: null,
  csvDialect: null,
  priceList: DEFAULT_PRICE_LIST,
};

type PriceListOverrides = NonNullable<z.output<typeof configSchema>['priceList']>;

function mergePriceList(overrides: PriceListOverrides): PriceList {
  const d = DEFAULT_PRICE_LIST;
  const tiers = { ...d.tiers };
  for (const name of TIERS) tiers[name] = { ...d.tiers[name], ...definedOnly(overrides.tiers?.[name] ?? {}) };
  const catalogue: Record<string, CatalogueItem> = { ...d.catalogue };
  for (const [code, item] of Object.entries(overrides.catalogue ?? {})) {
    if (item === null) delete catalogue[code];
    else catalogue[code] = item;
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

function configIssue(file: string, path: string, message: string): Issue {
  return { code: 'bad-config', message: `${path === '' ? 'the config' : path} ${message}`, source: { file, line: 0 } };
}
