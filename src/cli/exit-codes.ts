/** Exit codes (documented in the README and `--help`); a cron job can tell these apart. */
export const EXIT = {
  /** The run finished; outputs were written when asked for. */
  OK: 0,
  /** A bug: an invariant broke. Please report it with the command line. */
  INTERNAL: 1,
  /** The command line is wrong: unknown option, bad --month, no input files given. */
  USAGE: 2,
  /** An input file is unreadable or invalid; every problem is listed on stderr; nothing was written. */
  INVALID_INPUT: 3,
  /** Entries that the rules cannot classify (R1, R2) are listed on stderr; nothing was written. */
  UNRESOLVED: 4,
  /** The outputs or the temporary files could not be written (permissions, disk full); nothing partial was left behind. */
  OUTPUT_FAILED: 5,
  /** `hours`, `statement`: no customer, or several, match what was asked; the candidates are listed on stderr. */
  NO_SUCH_CUSTOMER: 6,
  /** `run`: the month is closed and this run would bill it differently; the changes are listed, nothing was written. */
  MONTH_CLOSED: 7,
  /** `verify`: a month folder's files do not match its manifest, or its figures do not add up. */
  VERIFY_FAILED: 8,
  /**
   * The work logs are too large for the memory this Node process may use: refused before reading; nothing written.
   */
  TOO_LARGE: 9,
  /** `run --out`: another run held the output folder's lock for the whole `--wait`; its holder is named, nothing written. */
  FOLDER_LOCKED: 10,
  /** `run`: the work logs have no entry dated in the billing month (nothing written; `--allow-empty` bills fees only); `hours`: no entry yet. */
  NO_ENTRIES: 11,
  /**
   * Ctrl-C (SIGINT) or SIGTERM, as a shell reports a process ended by them (128 + the signal's number). A run
   * writing a month stops at its next customer and removes what it had begun first: nothing was written.
   */
  INTERRUPTED: 130,
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  internal error (a bug; please report it)
  2  usage error (bad option or --month, missing input file name)
  3  invalid input data (all problems listed as file:line:column; nothing written)
  4  unresolved entries (activity or cause unknown; nothing written; see --treat-unresolved)
  5  the output folder, or the temporary folder (TMPDIR), could not be used (nothing partial left behind);
     statement: the month is not billed there, is damaged or has no statement documents
  6  hours, statement: no customer, or several, match the name given (candidates listed);
     run: --customer names a customer without a statement this month
  7  run: the month is already billed and these inputs bill it differently (changes listed;
     nothing written; see --reissue)
  8  verify: the month folder does not match its manifest or does not add up
  9  the work logs are too large for the memory Node may use here (refused before reading;
     the message says what to do)
  10 run: another run is writing the same output folder and did not finish within --wait
     (the message names it: process, host, since when, command; nothing written)
  11 run: the work logs have no entry dated in the billing month (nothing written;
     --allow-empty bills the package fees only); hours: the month has no entries yet
  130, 143  interrupted by Ctrl-C (SIGINT) or SIGTERM; a month being written is removed first
     (nothing written)`;

/** The signals that interrupt a command, and the exit code of each. */
export const INTERRUPTING_SIGNALS = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED } as const;
export type InterruptingSignal = keyof typeof INTERRUPTING_SIGNALS;
