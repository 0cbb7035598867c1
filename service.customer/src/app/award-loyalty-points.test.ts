import { describe, expect, it } from 'vitest';
import { FakeLoyaltyLedger } from '../../test/fakes/fake-loyalty-ledger.js';
import { makeAwardLoyaltyPoints } from './award-loyalty-points.js';

describe('awardLoyaltyPoints', () => {
  it('credits one point per full 100 cents, once per event id', async () => {
    const ledger = new FakeLoyaltyLedger();
    ledger.balances.set('c-1', 5);
    const award = makeAwardLoyaltyPoints({ ledger });
    expect(await award({ eventId: 'OrderPaid:o-1', customerId: 'c-1', totalCents: 12_345 })).toEqual({ outcome: 'AWARDED', points: 123 });
    expect(await award({ eventId: 'OrderPaid:o-1', customerId: 'c-1', totalCents: 12_345 })).toMatchObject({ outcome: 'DUPLICATE' });
    expect(ledger.balances.get('c-1')).toBe(128);
    await award({ eventId: 'OrderPaid:o-2', customerId: 'c-1', totalCents: 250 });
    expect(ledger.balances.get('c-1')).toBe(130);
  });

  it('reports an unknown customer without crediting anyone', async () => {
    const ledger = new FakeLoyaltyLedger();
    const award = makeAwardLoyaltyPoints({ ledger });
    expect(await award({ eventId: 'OrderPaid:o-3', customerId: 'nobody', totalCents: 500 })).toMatchObject({
      outcome: 'CUSTOMER_NOT_FOUND',
    });
    expect(ledger.balances.size).toBe(0);
  });

  it('refuses a negative total before touching the ledger', async () => {
    const ledger = new FakeLoyaltyLedger();
    await expect(makeAwardLoyaltyPoints({ ledger })({ eventId: 'OrderPaid:o-4', customerId: 'c-1', totalCents: -1 })).rejects.toMatchObject(
      {
        kind: 'INVALID_ARGUMENT',
      },
    );
    expect(ledger.processed.size).toBe(0);
  });
});
