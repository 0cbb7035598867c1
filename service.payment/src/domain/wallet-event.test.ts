import { describe, expect, it } from 'vitest';
import { decideWalletCredited, walletCredited } from './wallet-event.js';

describe('WalletCredited', () => {
  it('has a deterministic id per top-up, the type as tag and the payment source', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const event = walletCredited({ payment_id: 'p1', customer_id: 'c1', amount_cents: 500 }, at);
    expect(event).toEqual({
      id: 'WalletCredited:p1',
      type: 'WalletCredited',
      occurred_at: '2026-01-02T03:04:05.000Z',
      source: 'payment',
      data: { payment_id: 'p1', customer_id: 'c1', amount_cents: 500 },
    });
  });

  it.each([
    ['SUCCEEDED', 'COMMIT'],
    ['PENDING', 'UNKNOWN'],
    ['FAILED', 'ROLLBACK'],
    ['CANCELLED', 'ROLLBACK'],
    [null, 'ROLLBACK'],
  ] as const)('a half message for a top-up that is %s resolves %s', (status, decision) => {
    expect(decideWalletCredited('WalletCredited', status)).toBe(decision);
  });

  it('rolls back a type the payment service never publishes', () => {
    expect(decideWalletCredited('OrderPaid', 'SUCCEEDED')).toBe('ROLLBACK');
  });
});
