import { AppError } from '@micro-ecommerce/pkg/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakePaymentEvents } from '../../test/fakes/fake-payment-events.js';
import { FakePaymentProvider } from '../../test/fakes/fake-payment-provider.js';
import { InMemoryWalletStore } from '../../test/fakes/in-memory-wallet-store.js';
import { cardDeclined } from '../domain/payment-errors.js';
import { makeTopUp, type TopUpCommand } from './top-up.js';

const customerId = 'c1';
const command = (over: Partial<TopUpCommand> = {}): TopUpCommand => ({
  customerId,
  amountCents: 500,
  cardToken: 'tok_visa',
  idempotencyKey: null,
  ...over,
});

describe('topUp', () => {
  let store: InMemoryWalletStore;
  let provider: FakePaymentProvider;
  let events: FakePaymentEvents;
  let topUp: ReturnType<typeof makeTopUp>;

  beforeEach(() => {
    store = new InMemoryWalletStore();
    provider = new FakePaymentProvider();
    events = new FakePaymentEvents();
    topUp = makeTopUp({ store, provider, events, maxTopUpCents: 1000 });
  });

  it('charges the provider, then credits the balance and records the reference', async () => {
    const { payment, replayed } = await topUp(command());
    expect([payment.status, payment.reference, payment.amountCents, replayed]).toEqual(['SUCCEEDED', 'ref-1', 500, false]);
    expect((await store.getWallet(customerId)).balanceCents).toBe(500);
    expect(provider.calls).toEqual([{ paymentId: payment.id, amountCents: 500, cardToken: 'tok_visa' }]);
    expect(events.published.map((e) => [e.id, e.data])).toEqual([
      [`WalletCredited:${payment.id}`, { payment_id: payment.id, customer_id: customerId, amount_cents: 500 }],
    ]);
  });

  it('credits nothing and records FAILED when the card is declined', async () => {
    provider.next = { error: cardDeclined() };
    await expect(topUp(command())).rejects.toMatchObject({ reason: 'CARD_DECLINED' });
    expect((await store.getWallet(customerId)).balanceCents).toBe(0);
    expect(store.payments.map((p) => [p.status, p.failureReason])).toEqual([['FAILED', 'CARD_DECLINED']]);
    expect(events.published).toEqual([]);
  });

  it('leaves the top-up PENDING and uncredited when the provider outcome is unknown', async () => {
    provider.next = { error: new AppError('UNAVAILABLE', 'provider down') };
    await expect(topUp(command())).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    expect(store.payments.map((p) => p.status)).toEqual(['PENDING']);
    expect((await store.getWallet(customerId)).balanceCents).toBe(0);
    expect(events.published).toEqual([]);
  });

  it('refuses an amount above the maximum before charging anyone', async () => {
    await expect(topUp(command({ amountCents: 1001 }))).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(provider.calls).toHaveLength(0);
  });

  it('answers a replayed Idempotency-Key with the first payment, charging once', async () => {
    const first = await topUp(command({ idempotencyKey: 'k1' }));
    const again = await topUp(command({ idempotencyKey: 'k1' }));
    expect(again).toEqual({ payment: first.payment, replayed: true });
    expect(provider.calls).toHaveLength(1);
    expect((await store.getWallet(customerId)).balanceCents).toBe(500);
    expect(events.published).toHaveLength(1);
  });

  it('answers a replayed key of a declined top-up with the same refusal, without charging again', async () => {
    provider.next = { error: cardDeclined() };
    await expect(topUp(command({ idempotencyKey: 'k2' }))).rejects.toMatchObject({ reason: 'CARD_DECLINED' });
    provider.next = { reference: 'ref-2' };
    await expect(topUp(command({ idempotencyKey: 'k2' }))).rejects.toMatchObject({ reason: 'CARD_DECLINED' });
    expect(provider.calls).toHaveLength(1);
  });

  it('refuses a key reused for another amount', async () => {
    await topUp(command({ idempotencyKey: 'k3' }));
    await expect(topUp(command({ idempotencyKey: 'k3', amountCents: 600 }))).rejects.toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers TOPUP_IN_PROGRESS while the first request with the key is still pending', async () => {
    provider.next = { error: new AppError('DEADLINE_EXCEEDED', 'timeout') };
    await expect(topUp(command({ idempotencyKey: 'k4' }))).rejects.toMatchObject({ kind: 'DEADLINE_EXCEEDED' });
    await expect(topUp(command({ idempotencyKey: 'k4' }))).rejects.toMatchObject({ reason: 'TOPUP_IN_PROGRESS' });
    expect(provider.calls).toHaveLength(1);
  });
});
