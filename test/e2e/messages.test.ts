import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';

// Issue 16: one problem, one message, and messages that say what to do.

function folder(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-messages-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const run = (dir: string, ...extra: string[]) => cli(['run', '--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv', ...extra], { cwd: dir });
const problems = (stderr: string) => stderr.split('\n').filter((line) => /^[\w.-]+\.csv:\d+:/.test(line));

describe('messages that say what to do (issue 16)', () => {
  it('a duration column not recognised is one problem at the header, naming what it found and what it accepts', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `E${i};C01;${1 + (i % 28)}.5.2024;9:00;;1:00;Jan Novák;konfigurace`).join('\n');
    const dir = folder({ 'log.csv': `ID;Zákazník;Datum;Od;Do;Trvání (h:mm);Technik;Činnost\n${rows}\n`, 'customers.csv': 'customer,name,tier\nC01,Pekárna,STANDARD\n' });
    const result = await run(dir);
    expect(result.status).toBe(3);
    expect(problems(result.stderr)).toEqual([
      'log.csv:1: no row has a duration (40 rows without minutes or an end time): a duration is read from a column named "minutes", "Minut", "Minuty", "Doba", "Trvání", ' +
        'start and end from "start", "Od", "Začátek" and "end", "Do", "Konec" (found: "ID", "Zákazník", "Datum", "Od", "Do", "Trvání (h:mm)", "Technik", "Činnost"); ' +
        'is it "Trvání (h:mm)"? Rename that column to "Trvání"',
    ]);
    // Without start and end columns too: the same one problem, as the header's.
    const bare = folder({ 'log.csv': 'id,customer,date,duration,technician,activity\nE1,C01,2024-05-02,60,Jan,configuration\n', 'customers.csv': 'customer,name,tier\nC01,Pekárna,STANDARD\n' });
    expect(problems((await run(bare)).stderr)).toEqual([expect.stringMatching(/^log\.csv:1: the header needs a duration column, or start and end columns, .* \(found: "id", "customer", "date", "duration", "technician", "activity"\)$/)]);
    // Rows that do have an end still get their own problems: the header is not at fault.
    const some = folder({ 'log.csv': 'id,customer,date,start,end,technician,activity\nE1,C01,2024-05-02,09:00,10:00,Jan,configuration\nE2,C01,2024-05-02,11:00,,Jan,configuration\n', 'customers.csv': 'customer,name,tier\nC01,Pekárna,STANDARD\n' });
    expect(problems((await run(some)).stderr)).toEqual(['log.csv:3:minutes: no duration: minutes is empty and so is end']);
  });

  it('an unknown tier is reported at its line with a "did you mean", and its customer\u2019s entries add no noise', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `E${i},C01,2024-05-${String(1 + (i % 28)).padStart(2, '0')},30,Jan Novák,configuration`).join('\n');
    const dir = folder({ 'log.csv': `id,customer,date,minutes,technician,activity\n${rows}\nE99,C02,2024-05-03,30,Jan Novák,configuration\n`, 'customers.csv': 'customer,name,tier\nC01,Pekárna,Standart\nC02,Hotel,PLUS\n' });
    for (const command of ['run', 'validate']) {
      const result = await cli([command, '--month', '2024-05', '--logs', 'log.csv', '--customers', 'customers.csv'], { cwd: dir });
      expect(result.status).toBe(3);
      expect(problems(result.stderr)).toEqual(['customers.csv:2:tier: "Standart" is not a tier (NONE, STANDARD, PLUS or VIP); did you mean STANDARD?']);
    }
    expect(readdirSync(dir).sort()).toEqual(['customers.csv', 'log.csv']);
  });

  it('an unknown activity gets a "did you mean" and the list of activities with their Czech names; an unknown customer id the nearest one', async () => {
    const dir = folder({
      'log.csv': 'id,customer,date,minutes,technician,activity\nE1,C01,2024-05-02,30,Jan,konfigurce\nE2,C01,2024-05-02,30,Jan,instalace\nE3,c02,2024-05-03,30,Jan,training\nE4,C9,2024-05-03,30,Jan,training\n',
      'customers.csv': 'customer,name,tier\nC01,Pekárna,STANDARD\nC02,Hotel Slunce,PLUS\n',
    });
    const result = await run(dir);
    expect(result.status).toBe(3);
    expect(problems(result.stderr)).toEqual([
      'log.csv:2:activity: entry E1 has an activity "konfigurce" that is not in the catalogue; did you mean configuration ("implementace a konfigurace")? Else set a known activity or billable=yes/no',
      'log.csv:3:activity: entry E2 has an activity "instalace" that is not in the catalogue; set a known activity or billable=yes/no',
      'log.csv:4:customer: entry E3 is for customer "c02", who is not in the customer file; did you mean C02 (Hotel Slunce)?',
      // C9 is as near C01 as C02: no guess between them.
      'log.csv:5:customer: entry E4 is for customer "C9", who is not in the customer file',
    ]);
    expect(result.stderr).toContain('Activities: billing-question (dotaz na cenu a vyúčtování), sales-question (obchodní dotaz),');
    expect(result.stderr).toContain('training (školení)');
  });
});
