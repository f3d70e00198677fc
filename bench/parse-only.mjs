// The baseline of the benchmark: read the file with the same CSV parser in its fastest mode (columns: false).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const records = parse(readFileSync(process.argv[2]), { columns: false });
process.stdout.write(`${records.length}\n`);
