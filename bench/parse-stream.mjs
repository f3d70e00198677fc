// The benchmark's baseline as issue 14 defines it: one streaming pass of csv-parse over the file (`columns: false`).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
for await (const record of createReadStream(process.argv[2]).pipe(parse({ columns: false }))) if (record) records++;
process.stdout.write(`${records}\n`);
