/** Types for the benchmark's log generator, which tests also use. */
export function generate(entries: number, folder: string, month?: string, customerCount?: number): { customers: string[]; files: string[] };
