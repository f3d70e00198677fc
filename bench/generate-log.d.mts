/** Types for the benchmark's log generator, which tests also use. */
export function generate(entries: number, folder: string, month?: string): { customers: string[]; files: string[] };
