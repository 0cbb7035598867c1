import { AppError } from '@micro-ecommerce/pkg/errors';
import { describe, expect, it } from 'vitest';
import { FakeCart, FakeCatalog } from '../../test/fakes/fake-catalog.js';
import type { Order } from '../domain/order.js';
import { IDEMPOTENCY_KEY_IN_USE, makePlaceOrder } from './place-order.js';
import type { CheckoutOutcome, CheckoutResult, CheckoutTransaction, NewOrder, OrderRepository } from './ports.js';

const CUSTOMER = 'c-1';

/** Orders in memory, written by the fake checkout as the order branch would. */
const setup = (decide: (order: NewOrder) => { outcome: CheckoutOutcome; status?: Order['status'] }) => {
  const stored: (Order & { key: string | null })[] = [];
  const orders: OrderRepository = {
    findById: async (customerId, id) => stored.find((o) => o.id === id && o.customerId === customerId) ?? null,
    find: async (id) => stored.find((o) => o.id === id) ?? null,
    findByIdempotencyKey: async (customerId, key) => stored.find((o) => o.key === key && o.customerId === customerId) ?? null,
    list: async () => ({ orders: stored, total: stored.length }),
  };
  const runs: NewOrder[] = [];
  const checkout: CheckoutTransaction = {
    async run(order) {
      runs.push(order);
      const { outcome, status } = decide(order);
      if (status) {
        const now = new Date();
        stored.push({
          ...order,
          key: order.idempotencyKey,
          status,
          cancelReason: 'reason' in outcome ? outcome.reason : null,
          cancelledBy: status === 'CANCELLED' ? 'checkout' : null,
          refund: null,
          createdAt: now,
          updatedAt: now,
        });
      }
      return outcome;
    },
  };
  const catalog = new FakeCatalog();
  catalog.put({ skuId: 'sku-a', priceCents: 250n, title: 'A' });
  catalog.put({ skuId: 'sku-off', purchasable: false });
  const cart = new FakeCart();
  const counted: CheckoutResult[] = [];
  let n = 0;
  // What the payment adapter throws while payment's circuit is open; undefined while it is closed.
  const payment: { openError: AppError | undefined } = { openError: undefined };
  const placeOrder = makePlaceOrder({
    orders,
    catalog,
    cart,
    checkout,
    checkouts: { count: (r) => counted.push(r) },
    wallet: {
      ensureReachable: () => {
        if (payment.openError) throw payment.openError;
      },
    },
    newId: () => `id-${++n}`,
  });
  return { placeOrder, runs, cart, stored, counted, payment };
};

const buy = (skuId: string, quantity = 1) => ({
  customerId: CUSTOMER,
  items: [{ skuId, quantity }],
  fromCart: false,
  idempotencyKey: null,
});

describe('placeOrder', () => {
  it('prices the lines from the catalog and returns the PAID order', async () => {
    const { placeOrder, runs } = setup(() => ({ outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }));
    const result = await placeOrder(buy('sku-a', 3));
    expect(result.outcome).toBe('created');
    expect(result.order.status).toBe('PAID');
    expect(runs[0]).toMatchObject({ totalCents: 750n, items: [{ skuId: 'sku-a', title: 'A', quantity: 3, unitPriceCents: 250n }] });
  });

  it('refuses unknown and unpurchasable SKUs before starting a transaction', async () => {
    const { placeOrder, runs } = setup(() => ({ outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }));
    await expect(placeOrder(buy('sku-x'))).rejects.toMatchObject({ reason: 'SKU_NOT_FOUND', details: { sku_ids: ['sku-x'] } });
    await expect(placeOrder(buy('sku-off'))).rejects.toMatchObject({ reason: 'SKU_NOT_PURCHASABLE', httpStatus: 409 });
    expect(runs).toHaveLength(0);
  });

  it('places nothing while payment is unreachable, but still replays a used Idempotency-Key', async () => {
    const { placeOrder, runs, payment, counted } = setup(() => ({ outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }));
    const paid = await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k-1' });
    payment.openError = new AppError('UNAVAILABLE', 'payment is unavailable', {
      reason: 'PAYMENT_UNAVAILABLE',
      details: { retry_after_seconds: 4 },
    });
    await expect(placeOrder(buy('sku-a'))).rejects.toMatchObject({ reason: 'PAYMENT_UNAVAILABLE', details: { retry_after_seconds: 4 } });
    expect((await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k-1' })).order.id).toBe(paid.order.id);
    expect(runs).toHaveLength(1);
    expect(counted).toEqual(['paid']);
  });

  it('a checkout cancelled because payment could not take its try answers 503 with when to pay again', async () => {
    const error = new AppError('UNAVAILABLE', 'payment is down', { reason: 'PAYMENT_UNAVAILABLE', details: { retry_after_seconds: 3 } });
    const { placeOrder } = setup(() => ({ outcome: { state: 'CANCELLED', reason: 'PAYMENT_UNAVAILABLE', error }, status: 'CANCELLED' }));
    await expect(placeOrder(buy('sku-a'))).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      reason: 'PAYMENT_UNAVAILABLE',
      httpStatus: 503,
      details: { order_id: 'id-1', retry_after_seconds: 3 },
    });
  });

  it("throws the failing branch's reason with the cancelled order's id", async () => {
    const error = new AppError('FAILED_PRECONDITION', 'short', { reason: 'OUT_OF_STOCK' });
    const { placeOrder } = setup(() => ({ outcome: { state: 'CANCELLED', reason: 'OUT_OF_STOCK', error }, status: 'CANCELLED' }));
    await expect(placeOrder(buy('sku-a'))).rejects.toMatchObject({
      reason: 'OUT_OF_STOCK',
      httpStatus: 409,
      details: { order_id: 'id-1' },
    });
  });

  it('answers pending while phase two is left to recovery', async () => {
    const { placeOrder } = setup(() => ({ outcome: { state: 'CONFIRMING', paid: false }, status: 'PENDING' }));
    expect((await placeOrder(buy('sku-a'))).outcome).toBe('pending');
  });

  it('buys the cart when fromCart, and refuses an empty one', async () => {
    const { placeOrder, runs, cart } = setup(() => ({ outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }));
    await expect(placeOrder({ customerId: CUSTOMER, fromCart: true, idempotencyKey: null })).rejects.toMatchObject({
      reason: 'CART_EMPTY',
    });
    cart.carts.set(CUSTOMER, [{ skuId: 'sku-a', quantity: 2 }]);
    await placeOrder({ customerId: CUSTOMER, fromCart: true, idempotencyKey: null });
    expect(runs[0]!.items).toMatchObject([{ skuId: 'sku-a', quantity: 2 }]);
  });

  it('replays an Idempotency-Key without a second transaction', async () => {
    const { placeOrder, runs } = setup(() => ({ outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }));
    const first = await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    const second = await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    expect(second).toMatchObject({ outcome: 'replayed', order: { id: first.order.id } });
    expect(runs).toHaveLength(1);
  });

  it('counts each checkout that ran its transaction by outcome, and nothing refused before it or replayed', async () => {
    const refusal = (reason: string) => ({
      outcome: { state: 'CANCELLED' as const, reason, error: new AppError('FAILED_PRECONDITION', reason, { reason }) },
      status: 'CANCELLED' as const,
    });
    const outcomes = [
      { outcome: { state: 'CONFIRMING' as const, paid: true }, status: 'PAID' as const },
      { outcome: { state: 'CONFIRMING' as const, paid: false }, status: 'PENDING' as const },
      refusal('OUT_OF_STOCK'),
      refusal('INSUFFICIENT_FUNDS'),
      refusal('TIMEOUT'),
      refusal('PARTICIPANT_DOWN'),
    ];
    const { placeOrder, counted } = setup(() => outcomes.shift()!);
    await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    for (let i = 0; i < 5; i++) await placeOrder(buy('sku-a')).catch(() => undefined);
    await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    await placeOrder(buy('sku-x')).catch(() => undefined);
    expect(counted).toEqual(['paid', 'pending', 'out_of_stock', 'insufficient_funds', 'timeout', 'failed']);
  });

  it('counts a checkout whose transaction could not run as failed', async () => {
    const { placeOrder, counted } = setup(() => {
      throw new Error('database unreachable');
    });
    await expect(placeOrder(buy('sku-a'))).rejects.toThrow('database unreachable');
    expect(counted).toEqual(['failed']);
  });

  it("answers the race winner's order when the order branch refuses a used key", async () => {
    const error = new AppError('ALREADY_EXISTS', 'used', { reason: IDEMPOTENCY_KEY_IN_USE });
    let calls = 0;
    const { placeOrder, stored, counted } = setup(() =>
      ++calls === 1
        ? { outcome: { state: 'CONFIRMED', paid: true }, status: 'PAID' }
        : { outcome: { state: 'CANCELLED', reason: IDEMPOTENCY_KEY_IN_USE, error } },
    );
    const winner = await placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    // The loser passed the up-front lookup before the winner's order existed: simulate by hiding it once.
    const hidden = stored.splice(0);
    const pending = placeOrder({ ...buy('sku-a'), idempotencyKey: 'k' });
    stored.push(...hidden);
    expect(await pending).toMatchObject({ outcome: 'replayed', order: { id: winner.order.id } });
    expect(counted).toEqual(['paid']);
  });
});
