// Child process for the crash tests: publish a month version with the real writer (built dist/), and kill
// this process with SIGKILL at the n-th step of the write protocol — no cleanup, no exit handlers, as a power
// cut or `kill -9` would. Usage: node publish-and-die.mjs <outDir> <month> <version> <files.json> <killAt>
// (killAt 0: never; then it prints how many steps there were). files.json lists { path, base64 }.
import { readFileSync } from 'node:fs';
import { publishMonth } from '../../dist/io/month-store.js';

const [outDir, month, version, filesJson, killAt] = process.argv.slice(2);
const files = JSON.parse(readFileSync(filesJson, 'utf8')).map((f) => ({ path: f.path, contents: Buffer.from(f.base64, 'base64') }));
let steps = 0;
const result = await publishMonth(outDir, month, Number(version), files, {
  afterStep: () => {
    steps++;
    if (steps === Number(killAt)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(JSON.stringify({ steps, result }));
