import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { parseConfig } from '../../src/io/read-config.js';
import { PRESETS } from '../../src/io/presets.js';

const parse = (config: unknown) => parseConfig(JSON.stringify(config), '/repo/ipex-bill.config.json', 'ipex-bill.config.json');

describe('config file', () => {
  it('uses the built-in price list when the config sets none', () => {
    expect(parse({}).value?.priceList).toEqual(DEFAULT_PRICE_LIST);
  });

  it('overrides only what it names, in CZK converted exactly to haléře', () => {
    const config = parse({
      priceList: { hourlyRates: { technician: 1100.5 }, tiers: { PLUS: { includedMinutes: 240 }, NONE: { responseHours: 48 } }, stepMinutes: 30, catalogue: { outage: null, 'on-site': { class: 'PAID', role: 'technician' } } },
    }).value;
    expect(config?.priceList.hourlyRates).toEqual({ technician: 110_050, consultant: 150_000 });
    expect(config?.priceList.tiers.PLUS).toEqual({ monthlyFee: 250_000, includedMinutes: 240, responseHours: 8 });
    expect(config?.priceList.tiers.NONE.responseHours).toBe(48);
    expect(config?.priceList.tiers.VIP).toEqual(DEFAULT_PRICE_LIST.tiers.VIP);
    expect(config?.priceList.stepMinutes).toBe(30);
    expect(config?.priceList.catalogue.outage).toBeUndefined();
    expect(config?.priceList.catalogue['on-site']).toEqual({ class: 'PAID', role: 'technician' });
  });

  it('resolves input paths against the config file\u2019s folder', () => {
    expect(parse({ inputs: { logs: 'a.csv', customers: 'sub/c.csv' }, out: 'out' }).value).toMatchObject({
      inputs: { logs: ['/repo/a.csv'], customers: '/repo/sub/c.csv', topups: null },
      out: '/repo/out',
    });
  });

  it('names every problem by its key path', () => {
    const result = parse({ priceList: { hourlyRates: { techncian: 1000, consultant: 10.555 }, stepMinutes: 0 }, typo: true });
    expect(result.value).toBeNull();
    expect(result.issues.map((i) => i.message).sort()).toEqual([
      'priceList.hourlyRates has an unknown key "techncian" (a typo?)',
      'priceList.hourlyRates.consultant must have at most two decimals (haléře)',
      'priceList.stepMinutes must be a whole number of minutes above 0',
      'the config has an unknown key "typo" (a typo?)',
    ]);
    expect(result.issues.every((i) => i.code === 'bad-config' && i.source?.file === 'ipex-bill.config.json')).toBe(true);
  });

  it('completes the policy’s supplier with the config’s IČO, DIČ and bank, and names a bad value by its key (issue 15)', () => {
    expect(parse({}).value?.supplier).toEqual({ name: 'IPEX a.s.', address: 'Roháčova 77, Praha', phone: '515 533 333', email: 'noc@ipex.cz', ico: null, dic: null, bank: null });
    expect(parse({ supplier: { ico: '12345678', dic: 'CZ12345678', bank: '123/0300', email: null } }).value?.supplier).toMatchObject({ name: 'IPEX a.s.', ico: '12345678', dic: 'CZ12345678', bank: '123/0300', email: null });
    expect(parse({ supplier: { ico: ' ', icoo: 'x' } }).issues.map((i) => i.message).sort()).toEqual([
      'supplier has an unknown key "icoo" (a typo?)',
      'supplier.ico must not be empty (leave the key out, or null to show nothing)',
    ]);
  });

  it('keeps a default activity’s names when the config changes its class, and takes names for a new one', () => {
    const config = parse({ priceList: { catalogue: { training: { class: 'FREE', role: 'technician' }, 'on-site': { class: 'PAID', role: 'technician', names: { cs: 'výjezd', en: 'on-site visit' }, aliases: ['výjezd technika'] } } } });
    expect(config.value?.priceList.catalogue.training).toEqual({ class: 'FREE', role: 'technician', names: { cs: 'školení', en: 'training' } });
    expect(config.value?.priceList.catalogue['on-site']).toEqual({ class: 'PAID', role: 'technician', names: { cs: 'výjezd', en: 'on-site visit' }, aliases: ['výjezd technika'] });
    expect(parse({ priceList: { catalogue: { 'on-site': { class: 'PAID', role: 'technician', names: { cs: 'výjezd' } } } } }).issues.map((i) => i.message)).toEqual([
      'priceList.catalogue.on-site.names.en must be text',
    ]);
  });

  it('reports JSON that does not parse', () => {
    expect(parseConfig('{ "inputs": ', '/x/c.json', 'c.json').issues).toMatchObject([{ code: 'bad-config' }]);
  });

  describe('logFormat (issue 3: other tools\' exports)', () => {
    it('names a shipped preset', () => {
      expect(parse({ logFormat: 'clockify' }).value?.logFormat).toBe(PRESETS.clockify);
    });

    it('refuses a preset that does not exist, listing those that do', () => {
      expect(parse({ logFormat: 'harvest' }).issues.map((i) => i.message)).toEqual(['logFormat must be a preset (toggl, clockify) or a format object']);
    });

    it('builds on a preset: its columns stay, the config adds value maps and may move a column', () => {
      const format = parse({ logFormat: { preset: 'toggl', columns: { case: 'Project' }, values: { customer: { 'Hotel Slunce': 'C04' } } } }).value?.logFormat;
      expect(format).toMatchObject({
        name: 'logFormat in ipex-bill.config.json',
        basedOn: 'toggl',
        columns: { ...PRESETS.toggl.columns, case: 'Project' },
        values: { customer: { 'Hotel Slunce': 'C04' } },
        duration: 'hh:mm:ss',
      });
    });

    it('refuses a column of ours that does not exist and a duration form it cannot read', () => {
      expect(parse({ logFormat: { columns: { client: 'Client' }, duration: 'seconds' } }).issues.map((i) => i.message)).toEqual([
        'logFormat.columns has an unknown key "client" (a typo?)',
        'logFormat.duration must be one of minutes, hh:mm:ss, decimal-hours',
      ]);
      expect(parse({ logFormat: 42 }).issues.map((i) => i.message)).toEqual(['logFormat must be a preset (toggl, clockify) or a format object']);
    });
  });
});
