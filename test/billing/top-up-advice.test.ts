import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { topUpAdvice } from '../../src/billing/top-up-advice.js';
import { customer, entry, statementOf, topUp } from '../helpers/build.js';

// Issue 16, R8: would one more 4 h block (3 800 CZK) have cost a VIP less than the work charged beyond the package?
const vip = [customer('C1', 'VIP')];

describe('top-up advice (R8)', () => {
  it('advises a block when the charged work cost more than the block: by hand, 600 min of technician work', () => {
    // 360 included; 600 worked on one case → 240 charged = 4 000 CZK. With a block: 600 included, nothing
    // charged, 3 800 CZK for the block: 200 CZK less.
    const s = statementOf({ customers: vip, entries: [entry({ id: 'E1', caseId: 'T1', activity: 'configuration', minutes: 600 })] });
    expect(s.workAmount).toBe(400_000);
    expect(topUpAdvice(s, DEFAULT_PRICE_LIST)).toEqual({ price: 380_000, minutes: 240, saving: 20_000 });
  });

  it('counts what is still charged with the block: 900 min of consultant work', () => {
    // 360 included, 900 consultant minutes → 540 charged × 1 500/h = 13 500 CZK. With a block 300 charged =
    // 7 500 CZK + 3 800 = 11 300 CZK: 2 200 CZK less.
    const s = statementOf({ customers: vip, entries: [entry({ id: 'E1', caseId: 'T1', activity: 'consultation', minutes: 900 })] });
    expect(topUpAdvice(s, DEFAULT_PRICE_LIST)).toEqual({ price: 380_000, minutes: 240, saving: 220_000 });
  });

  it('gives no advice at the break-even (3:48 h of technician time charged) or below, and none to tiers that cannot buy blocks', () => {
    // 228 min charged would cost 3 800 CZK, the block's price; R4 rounds a case to 15 min, so the charges
    // around it are 225 min (3 750 CZK: the block saves nothing) and 240 min (4 000 CZK: it saves 200).
    const at = (minutes: number) => statementOf({ customers: vip, entries: [entry({ id: 'E1', caseId: 'T1', activity: 'configuration', minutes })] });
    expect(at(360 + 225).chargedMinutes).toBe(225);
    expect(topUpAdvice(at(360 + 225), DEFAULT_PRICE_LIST)).toBeNull();
    expect(topUpAdvice(at(360 + 240), DEFAULT_PRICE_LIST)?.saving).toBe(20_000);
    const plus = statementOf({ customers: [customer('C1', 'PLUS')], entries: [entry({ id: 'E1', caseId: 'T1', activity: 'configuration', minutes: 900 })] });
    expect(plus.workAmount).toBeGreaterThan(380_000);
    expect(topUpAdvice(plus, DEFAULT_PRICE_LIST)).toBeNull();
  });

  it('takes the blocks already bought into account', () => {
    // One block bought: 600 included; 900 worked → 300 charged = 5 000 CZK; a second block: 60 charged = 1 000 + 3 800: 200 CZK less.
    const s = statementOf({ customers: vip, topUps: [topUp('C1', '2024-05', 1)], entries: [entry({ id: 'E1', caseId: 'T1', activity: 'configuration', minutes: 900 })] });
    expect(s.includedMinutes).toBe(600);
    expect(topUpAdvice(s, DEFAULT_PRICE_LIST)).toEqual({ price: 380_000, minutes: 240, saving: 20_000 });
  });
});
