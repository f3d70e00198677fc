import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEntryStore } from '../../src/io/entry-store.js';
import type { Entry } from '../../src/billing/types.js';

// A large log's entries wait in a temporary file until their group of customers is billed (issue 6): each
// group must come back exactly as read, every field, in the order read.

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const anEntry = fc.record({
  id: text,
  caseId: fc.option(text),
  customer: fc.constantFrom('C1', 'C2', 'C3', 'Ž4'),
  date: fc.constantFrom('2024-05-01', '2024-04-30'),
  start: fc.option(fc.constantFrom('09:00', '23:45')),
  end: fc.option(fc.constantFrom('10:00')),
  minutes: fc.integer({ min: 1, max: 600 }),
  technician: text,
  role: fc.constantFrom('technician' as const, 'consultant' as const, null),
  activity: fc.option(text),
  cause: fc.constantFrom('customer' as const, 'ipex' as const, null),
  billable: fc.option(fc.boolean()),
  description: fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `${s}\n"; ,`),
  source: fc.record({ file: fc.constantFrom('a.csv', 'b.csv'), line: fc.integer({ min: 2, max: 1e7 }) }),
}) satisfies fc.Arbitrary<Entry>;

describe('entry store', () => {
  it.each([1, 3])('gives back each group’s entries as added, in %i group(s), read back in pieces of any size', (groups) => {
    fc.assert(
      fc.property(fc.array(anEntry, { maxLength: 30 }), fc.integer({ min: 1, max: 300 }), (entries, readBytes) => {
        const groupOf = (customer: string) => (groups === 1 ? 0 : ['C1', 'C2', 'C3', 'Ž4'].indexOf(customer) % groups);
        const store = openEntryStore(groups, groupOf, { readBytes, onDisk: true });
        try {
          for (const entry of entries) store.add(entry);
          for (let g = 0; g < groups; g++) {
            expect(store.group(g)).toEqual(entries.filter((e) => groupOf(e.customer) === g));
            expect(store.group(g, new Set(['a.csv']))).toEqual(entries.filter((e) => groupOf(e.customer) === g && e.source.file !== 'a.csv'));
          }
        } finally {
          store.remove();
        }
      }),
    );
  });
});
