import { describe, expect, it } from 'vitest';
import { canFreeze, credit, emptyWallet, refund, takeBack } from './wallet.js';

const held = (w: { balanceCents: number; frozenCents: number; debitedCents: number }) => w.balanceCents + w.frozenCents + w.debitedCents;

describe('wallet', () => {
  it('starts empty', () => {
    expect(emptyWallet('c')).toEqual({ customerId: 'c', balanceCents: 0, frozenCents: 0, debitedCents: 0 });
  });

  it('freezes only what the balance covers, frozen money excluded', () => {
    const wallet = { ...emptyWallet('c'), balanceCents: 100, frozenCents: 500 };
    expect(canFreeze(wallet, 100)).toBe(true);
    expect(canFreeze(wallet, 101)).toBe(false);
  });

  it('refunds a debit from debited back to the balance, keeping the total held', () => {
    const wallet = { ...emptyWallet('c'), balanceCents: 10, frozenCents: 5, debitedCents: 300 };
    const after = refund(wallet, 120);
    expect(after).toEqual({ customerId: 'c', balanceCents: 130, frozenCents: 5, debitedCents: 180 });
    expect(held(after)).toBe(held(wallet));
  });

  it('refuses to refund more than was debited (never invents money)', () => {
    expect(() => refund({ ...emptyWallet('c'), balanceCents: 1000, debitedCents: 99 }, 100)).toThrow(
      expect.objectContaining({ kind: 'INTERNAL' }),
    );
  });

  it('credits a commission to the balance', () => {
    expect(credit({ ...emptyWallet('c'), balanceCents: 7, debitedCents: 3 }, 50)).toMatchObject({ balanceCents: 57, debitedCents: 3 });
  });

  it('takes a commission back in full when the balance covers it', () => {
    expect(takeBack({ ...emptyWallet('c'), balanceCents: 80 }, 50)).toEqual({ ...emptyWallet('c'), balanceCents: 30 });
  });

  it('takes a spent commission back in full into a negative balance, never touching frozen or debited money', () => {
    const wallet = { ...emptyWallet('c'), balanceCents: 20, frozenCents: 100, debitedCents: 100 };
    expect(takeBack(wallet, 50)).toEqual({ ...wallet, balanceCents: -30 });
    // The debt freezes nothing until a later credit has paid it off.
    const owing = takeBack({ ...wallet, balanceCents: 0 }, 50);
    expect(canFreeze(owing, 1)).toBe(false);
    expect(canFreeze(credit(owing, 60), 10)).toBe(true);
    expect(canFreeze(credit(owing, 60), 11)).toBe(false);
  });
});
