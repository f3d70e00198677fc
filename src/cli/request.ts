import type { Language } from '../billing/types.js';
import type { UsageOrder } from '../billing/usage.js';
import type { CsvDialectName } from '../formats/csv-dialect.js';
import type { InputDelimiter, InputEncoding } from '../io/read-csv.js';
import type { PresetName } from '../io/presets.js';

/*
 * What each command is asked to do, typed, made from commander's options right where the command is defined
 * (src/cli/commands). The actions and everything below them see these requests, never the options object:
 * each function takes the part of a request it needs (the inputs, the output folder, what to print).
 */

/** Where a command's inputs are and how they are spelled; null: not given, the config decides. */
export interface InputsRequest {
  config: string | null;
  logs: string[];
  customers: string | null;
  topups: string | null;
  /** The output folder of closed months (`--out`). */
  out: string | null;
  /** The clerk's decisions file (`--decisions`). */
  decisions: string | null;
  dialect: { encoding: InputEncoding; delimiter: InputDelimiter };
  /** The work logs are another tool's export (`--preset toggl`); wins over the config's `logFormat`. */
  preset: PresetName | null;
}

/** `ipex-bill run`. */
export interface RunRequest {
  /** As given: YYYY-MM, `previous` or `current` (resolved against today in Prague). */
  month: string;
  inputs: InputsRequest;
  csvDialect: CsvDialectName | null;
  waitSeconds: number;
  allowEmpty: boolean;
  /** The reason for replacing a closed month, or null: not a reissue. */
  reissue: string | null;
  rejectInvalid: boolean;
  treatUnresolved: 'free' | 'paid' | null;
  /** Write the customers' PDF statements with the month (`--no-pdf`: the tables and text statements only). */
  pdf: boolean;
  screen: RunScreen;
}

/** What `run` prints: nothing but errors (`quiet`), the bill as JSON, or statements and the summary. */
export interface RunScreen {
  quiet: boolean;
  json: boolean;
  statements: 'auto' | 'all' | 'none';
  /** `--customer`: print only these customers' statements. */
  customers: string[] | null;
  color: boolean;
  /** `--width`: lay statements and the summary out for this many columns; null: a terminal's width, else full. */
  width: number | null;
}

/** `ipex-bill hours`. */
export interface HoursRequest {
  /** An id or part of a name; null with `all`. */
  customer: string | null;
  all: boolean;
  month: string;
  asOf: string | null;
  sort: UsageOrder;
  json: boolean;
  color: boolean;
  inputs: InputsRequest;
}

/** `ipex-bill review`. */
export interface ReviewRequest {
  month: string;
  /** Where to write the review file; null: the decisions file, else review.csv. */
  write: string | null;
  csvDialect: CsvDialectName | null;
  color: boolean;
  inputs: InputsRequest;
}

/** `ipex-bill statement`: one customer's PDF statement of a closed month, rendered again. */
export interface StatementRequest {
  /** An id or part of a name. */
  customer: string;
  month: string;
  /** The output folder of closed months (`--from`); null: `out` in the config. */
  from: string | null;
  /** Where to write the PDF; null: `<customer>-<YYYY-MM>.pdf` in the current folder. */
  out: string | null;
  /** null: the customer's language as billed. */
  language: Language | null;
  config: string | null;
}

/** `ipex-bill validate`: one month, or null for every month the inputs mention. */
export interface ValidateRequest {
  month: string | null;
  inputs: InputsRequest;
}

/** The input flags as commander gives them (every command that reads a month's inputs has them). */
export interface InputFlags {
  config?: string;
  logs?: string[];
  customers?: string;
  topups?: string;
  out?: string;
  decisions?: string;
  encoding?: 'utf-8' | 'windows-1250';
  delimiter?: ',' | ';' | 'tab';
  preset?: PresetName;
}

export function inputsRequest(flags: InputFlags): InputsRequest {
  return {
    config: flags.config ?? null,
    logs: flags.logs ?? [],
    customers: flags.customers ?? null,
    topups: flags.topups ?? null,
    out: flags.out ?? null,
    decisions: flags.decisions ?? null,
    dialect: {
      encoding: flags.encoding ?? 'auto',
      delimiter: flags.delimiter === undefined ? 'auto' : flags.delimiter === 'tab' ? '\t' : flags.delimiter,
    },
    preset: flags.preset ?? null,
  };
}
