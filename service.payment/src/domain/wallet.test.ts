import { describe, expect, it } from 'vitest';
import { canFreeze, emptyWallet } from './wallet.js';

describe('wallet', () => {
  it('starts empty', () => {
    expect(emptyWallet('c')).toEqual({ customerId: 'c', balanceCents: 0, frozenCents: 0, debitedCents: 0 });
  });

  it('freezes only what the balance covers, frozen money excluded', () => {
    const wallet = { ...emptyWallet('c'), balanceCents: 100, frozenCents: 500 };
    expect(canFreeze(wallet, 100)).toBe(true);
    expect(canFreeze(wallet, 101)).toBe(false);
  });
});
