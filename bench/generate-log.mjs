// Deterministic generator of realistic work logs for benchmarks: N entries, customers across all tiers,
// ~3 entries per case, ~10 % of rows in other months, Czech descriptions with quotes and commas, top-ups.
// Usage: node bench/generate-log.mjs <entries> <folder> [YYYY-MM]; from code, generate() also takes how many
// customers (about one per 100 entries otherwise).
// A month other than 2024-05 gets entry and case ids of its own (`E2024-06-1`, `T2024-06-1`), so months closed
// in a row share no entry, and each month's tickets are new, as in a real helpdesk.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny seeded PRNG, so the same N always gives the same files. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['NONE', 'STANDARD', 'PLUS', 'VIP'];
const ACTIVITIES = [
  'billing-question', 'sales-question', 'service-offer', 'service-question', 'outage', 'termination', 'basic-diagnostics',
  'diagnostics', 'advanced-diagnostics', 'configuration', 'configuration', 'user-support', 'user-support', 'training',
  'consultation', 'project', 'development-consultation',
];
const DESCRIPTIONS = [
  'Změna IVR – nová fronta pro obchod',
  'Výpadek na straně IPEX, ústředna Brno',
  'Zákazník hlásí "nefunkční" přesměrování, ověřeno',
  'Nastavení VPN, router "Mikrotik", pobočka Ostrava',
  'Školení obsluhy ústředny – recepce',
  'Dotaz na fakturu, rozpis hovorů',
];
const TECHNICIANS = ['Jan Novák', 'Petra Svobodová', 'Tomáš Král', 'Eva Horáková', 'Martin Beneš'];

/** The month `delta` months after `month` (YYYY-MM). */
function shift(month, delta) {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function generate(entries, folder, month = '2024-05', customerCount = Math.max(8, Math.round(entries / 100))) {
  const rand = random(20240501 + entries);
  const idPrefix = month === '2024-05' ? 'E' : `E${month}-`;
  const casePrefix = month === '2024-05' ? 'T' : `T${month}-`;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const customers = Array.from({ length: customerCount }, (_, i) => ({ id: `C${String(i + 1).padStart(6, '0')}`, tier: TIERS[i % 4] }));

  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'customers.csv'),
    'customer,name,tier,valid_from\n' + customers.map((c, i) => `${c.id},"Zákazník ${i + 1}, s.r.o.",${c.tier},\n`).join(''),
  );
  writeFileSync(
    join(folder, 'topups.csv'),
    'customer,month,blocks\n' + customers.filter((c, i) => c.tier === 'VIP' && i % 5 === 3).map((c) => `${c.id},${month},1\n`).join(''),
  );

  // Written in blocks: ten million rows are more text than one string may hold.
  const log = openSync(join(folder, 'work-log.csv'), 'w');
  let rows = ['id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description'];
  let caseNo = 0;
  let left = 0;
  let current = null;
  for (let i = 0; i < entries; i++) {
    if (left === 0) {
      caseNo += 1;
      left = 1 + Math.floor(rand() * 5); // 1–5 entries, about 3 on average
      const other = rand() < 0.1;
      const dated = other ? pick([-4, -3, -2, -1, 1].map((delta) => shift(month, delta))) : month;
      current = { customer: pick(customers).id, month: dated, activity: pick(ACTIVITIES), cause: rand() < 0.5 ? 'customer' : 'ipex' };
    }
    left -= 1;
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const start = `${String(7 + Math.floor(rand() * 10)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}`;
    // Each description is its own text, as in a real log (a ticket number in it), so memory is not flattered.
    const description = `${pick(DESCRIPTIONS)} (tiket ${caseNo}/${left})`.replaceAll('"', '""');
    rows.push([
      `${idPrefix}${i + 1}`, `${casePrefix}${caseNo}`, current.customer, `${current.month}-${day}`, start, '', 1 + Math.floor(rand() * 90), pick(TECHNICIANS), '',
      current.activity, current.activity === 'diagnostics' ? current.cause : '', '', `"${description}"`,
    ].join(','));
    if (rows.length === 10_000) {
      writeSync(log, rows.join('\n') + '\n');
      rows = [];
    }
  }
  if (rows.length > 0) writeSync(log, rows.join('\n') + '\n');
  closeSync(log);
  return { customers: customers.map((c) => c.id), files: ['work-log.csv', 'customers.csv', 'topups.csv'].map((f) => join(folder, f)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entries, folder, month] = process.argv.slice(2);
  generate(Number(entries), folder, month);
}
