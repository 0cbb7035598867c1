import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentHarness, type PaymentHarness } from './payment-harness.js';

const newXid = () => `xid-${crypto.randomUUID()}`;

describe('payment.v1.WalletService (TCC branch)', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const funded = async (amountCents: number) => {
    const customer = await h.newCustomer();
    await h.fund(customer.authorization, amountCents);
    return customer.id;
  };
  const debitStatus = async (xid: string) =>
    (await h.pool.query<{ status: string }>(`SELECT status FROM payments WHERE xid = $1`, [xid])).rows.map((r) => r.status);

  it('try freezes, a retried try freezes nothing more, confirm debits once', async () => {
    const customerId = await funded(1000);
    const xid = newXid();
    expect(await h.wallet.call('tryDebit', { xid, customerId, amountCents: 300n })).toEqual({ applied: true });
    expect(await h.wallet.call('tryDebit', { xid, customerId, amountCents: 300n })).toEqual({ applied: false });
    expect(await h.ledger(customerId)).toEqual({ balance: 700, frozen: 300, debited: 0, topups: 1000 });
    expect(await debitStatus(xid)).toEqual(['PENDING']);

    expect(await h.wallet.call('confirmDebit', { xid })).toEqual({ applied: true });
    expect(await h.wallet.call('confirmDebit', { xid })).toEqual({ applied: false });
    expect(await h.ledger(customerId)).toEqual({ balance: 700, frozen: 0, debited: 300, topups: 1000 });
    expect(await debitStatus(xid)).toEqual(['SUCCEEDED']);
  });

  it('cancel gives the frozen amount back once', async () => {
    const customerId = await funded(1000);
    const xid = newXid();
    await h.wallet.call('tryDebit', { xid, customerId, amountCents: 400n });
    expect(await h.wallet.call('cancelDebit', { xid })).toEqual({ applied: true });
    expect(await h.wallet.call('cancelDebit', { xid })).toEqual({ applied: false });
    expect(await h.ledger(customerId)).toEqual({ balance: 1000, frozen: 0, debited: 0, topups: 1000 });
    expect(await debitStatus(xid)).toEqual(['CANCELLED']);
  });

  it('a cancel without a try is an empty rollback, and the late try is refused with TRANSACTION_CANCELLED', async () => {
    const customerId = await funded(1000);
    const xid = newXid();
    expect(await h.wallet.call('cancelDebit', { xid })).toEqual({ applied: false });
    await expect(h.wallet.call('tryDebit', { xid, customerId, amountCents: 100n })).rejects.toMatchObject({
      kind: 'ABORTED',
      reason: 'TRANSACTION_CANCELLED',
    });
    expect(await h.ledger(customerId)).toEqual({ balance: 1000, frozen: 0, debited: 0, topups: 1000 });
    expect(await debitStatus(xid)).toEqual([]);
  });

  it('refuses a debit the balance cannot cover with INSUFFICIENT_FUNDS, freezing nothing', async () => {
    const customerId = await funded(100);
    const xid = newXid();
    await expect(h.wallet.call('tryDebit', { xid, customerId, amountCents: 101n })).rejects.toMatchObject({
      kind: 'FAILED_PRECONDITION',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await h.ledger(customerId)).toEqual({ balance: 100, frozen: 0, debited: 0, topups: 100 });
    // The failed try left no barrier row: the coordinator's cancel is an empty rollback.
    expect(await h.wallet.call('cancelDebit', { xid })).toEqual({ applied: false });
  });

  it('refuses a customer without a wallet with INSUFFICIENT_FUNDS', async () => {
    const { id } = await h.newCustomer();
    await expect(h.wallet.call('tryDebit', { xid: newXid(), customerId: id, amountCents: 1n })).rejects.toMatchObject({
      reason: 'INSUFFICIENT_FUNDS',
    });
  });

  it('refuses malformed requests with INVALID_ARGUMENT naming the field', async () => {
    const customerId = await funded(100);
    const cases = [
      [{ xid: '', customerId, amountCents: 1n }, 'xid'],
      [{ xid: newXid(), customerId: 'not-a-uuid', amountCents: 1n }, 'customerId'],
      [{ xid: newXid(), customerId, amountCents: 0n }, 'amountCents'],
      [{ xid: newXid(), customerId, amountCents: -5n }, 'amountCents'],
    ] as const;
    for (const [request, field] of cases) {
      const error = await h.wallet.call('tryDebit', request).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'INVALID_ARGUMENT' });
      expect(JSON.stringify((error as { details: unknown }).details)).toContain(field);
    }
    await expect(h.wallet.call('confirmDebit', { xid: '' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
  });

  it('a confirm with no try fails without recording anything, so a real try can still run', async () => {
    const customerId = await funded(100);
    const xid = newXid();
    await expect(h.wallet.call('confirmDebit', { xid })).rejects.toMatchObject({ reason: 'DEBIT_NOT_FOUND' });
    expect(await h.wallet.call('tryDebit', { xid, customerId, amountCents: 50n })).toEqual({ applied: true });
  });

  it('20 concurrent tries of 10 on a wallet of 100: exactly 10 succeed and the invariant holds', async () => {
    const customerId = await funded(100);
    const xids = Array.from({ length: 20 }, newXid);
    const results = await Promise.allSettled(xids.map((xid) => h.wallet.call('tryDebit', { xid, customerId, amountCents: 10n })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.reason);
    expect(ok).toHaveLength(10);
    expect(new Set(refused)).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    expect(await h.ledger(customerId)).toEqual({ balance: 0, frozen: 100, debited: 0, topups: 100 });

    // Settle every branch as a coordinator would: confirm the winners, cancel the losers (empty rollbacks).
    await Promise.all(
      xids.map((xid, i) =>
        results[i]!.status === 'fulfilled' ? h.wallet.call('confirmDebit', { xid }) : h.wallet.call('cancelDebit', { xid }),
      ),
    );
    const after = await h.ledger(customerId);
    expect(after).toEqual({ balance: 0, frozen: 0, debited: 100, topups: 100 });
    expect(after.balance + after.frozen + after.debited).toBe(after.topups);
  });

  it('keeps balance + frozen + debited equal to the top-ups through a mixed sequence', async () => {
    const customer = await h.newCustomer();
    await h.fund(customer.authorization, 500);
    const [a, b, c] = [newXid(), newXid(), newXid()];
    await h.wallet.call('tryDebit', { xid: a, customerId: customer.id, amountCents: 200n });
    await h.wallet.call('tryDebit', { xid: b, customerId: customer.id, amountCents: 150n });
    await h.fund(customer.authorization, 250);
    await h.wallet.call('confirmDebit', { xid: a });
    await h.wallet.call('cancelDebit', { xid: b });
    await h.wallet.call('tryDebit', { xid: c, customerId: customer.id, amountCents: 550n });
    const ledger = await h.ledger(customer.id);
    expect(ledger).toEqual({ balance: 0, frozen: 550, debited: 200, topups: 750 });
    const history = await h.api(customer.authorization, 'GET', '/api/v1/payment');
    expect(history.body.data.map((p: any) => `${p.kind}:${p.status}`)).toEqual([
      'DEBIT:PENDING',
      'TOPUP:SUCCEEDED',
      'DEBIT:CANCELLED',
      'DEBIT:SUCCEEDED',
      'TOPUP:SUCCEEDED',
    ]);
  });
});
