import { describe, expect, it } from 'vitest';
import { parseCustomers } from '../../src/io/read-customers.js';
import { parseTopUps } from '../../src/io/read-top-ups.js';
import { readLog } from '../helpers/read-log.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading the customer file', () => {
  it('reads tiers in any case, "BEZ PODPORY" as NONE, and an empty valid_from as always', () => {
    const text = 'Customer,Name,Tier,Valid_From\nC1,Pekárna,standard,\nC2,Hotel,BEZ  PODPORY,2024-01-01\nC3,"Call centrum, a.s.",Vip,\n';
    const { value, issues } = parseCustomers(bytes(text), 'customers.csv');
    expect(issues).toEqual([]);
    expect(value.map((c) => [c.customer, c.name, c.tier, c.validFrom, c.source.line])).toEqual([
      ['C1', 'Pekárna', 'STANDARD', null, 2],
      ['C2', 'Hotel', 'NONE', '2024-01-01', 3],
      ['C3', 'Call centrum, a.s.', 'VIP', null, 4],
    ]);
  });

  it('reports an unknown tier, a missing name and a bad valid_from', () => {
    const { issues } = parseCustomers(bytes('customer,name,tier,valid_from\nC1,Pekárna,GOLD,\nC2,,PLUS,31.4.2024\n'), 'customers.csv');
    expect(issues.map((i) => `${i.source?.line}:${i.source?.column} ${i.code}`)).toEqual([
      '2:tier unknown-tier',
      '3:name missing-value',
      '3:valid_from bad-date',
    ]);
  });

  it('reads the statement document’s optional columns under their Czech names too, and a language as cs or en (issue 15)', () => {
    const text = 'Zákazník;Název;Tarif;Adresa;IČO;DIČ;Jazyk;Přidělený konzultant\nC1;Velký a.s.;VIP;"Vídeňská 12; Brno";12345678;CZ12345678;EN;Jana Malá\nC2;Hotel;PLUS;;;;čeština;\nC3;Pekárna;STANDARD;;;;;\n';
    const { value, issues } = parseCustomers(bytes(text), 'customers.csv');
    expect(issues).toEqual([]);
    expect(value.map((c) => [c.customer, c.address, c.ico, c.dic, c.language, c.contact])).toEqual([
      ['C1', 'Vídeňská 12; Brno', '12345678', 'CZ12345678', 'en', 'Jana Malá'],
      ['C2', null, null, null, 'cs', null],
      ['C3', null, null, null, null, null],
    ]);
    const bad = parseCustomers(bytes('customer,name,tier,language\nC1,Velký a.s.,VIP,de\n'), 'customers.csv');
    expect(bad.issues).toMatchObject([{ code: 'bad-language', message: '"de" is not a language (cs or en)', source: { line: 2, column: 'language' } }]);
  });
});

describe('reading the top-up file', () => {
  it('reads blocks per customer and month', () => {
    expect(parseTopUps(bytes('customer,month,blocks\nC1,2024-05,2\n'), 'topups.csv').value).toMatchObject([{ customer: 'C1', month: '2024-05', blocks: 2 }]);
  });

  it('reports a bad month and a bad number of blocks', () => {
    const { issues } = parseTopUps(bytes('customer,month,blocks\nC1,2024-5,1\nC2,2024-05,1.5\n'), 'topups.csv');
    expect(issues.map((i) => `${i.source?.line}:${i.source?.column} ${i.code}`)).toEqual(['2:month bad-month', '3:blocks bad-blocks']);
  });
});

describe('a work log with a header and no rows', () => {
  it('is a valid month without work', () => {
    const header = 'id,case,customer,date,start,end,minutes,technician,role,activity,cause,billable,description\n';
    expect(readLog(bytes(header), 'log.csv')).toEqual({ value: [], issues: [] });
  });
});
