import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryWalletStore } from '../../test/fakes/in-memory-wallet-store.js';
import { makeCancelDebit } from './cancel-debit.js';
import { makeConfirmDebit } from './confirm-debit.js';
import { makeTryDebit } from './try-debit.js';

const customerId = 'c1';

describe('debit (TCC branch)', () => {
  let store: InMemoryWalletStore;
  let tryDebit: ReturnType<typeof makeTryDebit>;
  let confirmDebit: ReturnType<typeof makeConfirmDebit>;
  let cancelDebit: ReturnType<typeof makeCancelDebit>;

  beforeEach(() => {
    store = new InMemoryWalletStore();
    store.wallets.set(customerId, { customerId, balanceCents: 100, frozenCents: 0, debitedCents: 0 });
    tryDebit = makeTryDebit({ store });
    confirmDebit = makeConfirmDebit({ store });
    cancelDebit = makeCancelDebit({ store });
  });

  it('try freezes, a retried try changes nothing, confirm debits', async () => {
    expect(await tryDebit({ xid: 'x1', customerId, amountCents: 30 })).toEqual({ applied: true });
    expect(await tryDebit({ xid: 'x1', customerId, amountCents: 30 })).toEqual({ applied: false });
    expect(await store.getWallet(customerId)).toMatchObject({ balanceCents: 70, frozenCents: 30 });
    expect(await confirmDebit('x1')).toEqual({ applied: true });
    expect(await confirmDebit('x1')).toEqual({ applied: false });
    expect(await store.getWallet(customerId)).toMatchObject({ balanceCents: 70, frozenCents: 0, debitedCents: 30 });
  });

  it('refuses a try after its cancel with ABORTED TRANSACTION_CANCELLED', async () => {
    expect(await cancelDebit('x2')).toEqual({ applied: false });
    await expect(tryDebit({ xid: 'x2', customerId, amountCents: 30 })).rejects.toMatchObject({
      kind: 'ABORTED',
      reason: 'TRANSACTION_CANCELLED',
    });
    expect((await store.getWallet(customerId)).balanceCents).toBe(100);
  });

  it('refuses a non-positive amount before touching the wallet', async () => {
    await expect(tryDebit({ xid: 'x3', customerId, amountCents: 0 })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(store.payments).toHaveLength(0);
  });

  it('reports INSUFFICIENT_FUNDS as 402 FAILED_PRECONDITION', async () => {
    await expect(tryDebit({ xid: 'x4', customerId, amountCents: 101 })).rejects.toMatchObject({
      kind: 'FAILED_PRECONDITION',
      reason: 'INSUFFICIENT_FUNDS',
      httpStatus: 402,
    });
  });
});
