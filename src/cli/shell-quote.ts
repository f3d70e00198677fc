/** An argument as a shell would need it typed again: bare when it is plain, else in single quotes. */
export function quoteForShell(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
