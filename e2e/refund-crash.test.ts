import { readFileSync } from 'node:fs';
import { createPool, DATABASES, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { createEvent, EventConsumer, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { testConfig, warmUpConsumer } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findViolations } from '../scripts/invariants.js';
import { api, loginAdmin, newCustomer, newProduct } from './support/api.js';
import { stageConfig, startSystem } from './support/system.js';
import { pollUntil } from './support/poll-until.js';

// Refunds of orders cancelled after payment (issue 13, DESIGN.md §10) with real processes and the real broker:
// payment is killed in the middle of a refund and product in the middle of a stock return (test-only crash_at:
// the process exits with 137 at exactly that step, no cleanup, like kill -9), then restarted without it. Whatever
// the step, the broker's redelivery of OrderCancelled (the consumer never acknowledged it) or its check-back of
// the RefundIssued / StockReturned half message must bring the order to REFUNDED with each effect exactly once:
// one REFUND in the buyer's payment history, one RETURN in the SKU's stock ledger, the wallet and the stock back
// where they were before the checkout. A second delivery of the very same OrderCancelled envelope afterwards
// must change nothing (the consumers dedupe on processed_messages).

const PRICE_CENTS = 650;
const QUANTITY = 3;
const TOTAL_CENTS = PRICE_CENTS * QUANTITY;
const STOCK = 7;
const TOP_UP_CENTS = 10_000;
const PAYMENT_GROUP = 'payment-service';
const PRODUCT_GROUP = 'product-service';
// The test's own group: it keeps a copy of every OrderCancelled as the order service published it.
const CAPTURE_GROUP = 'e2e-refund-crash';

type Target = 'payment' | 'product';
interface Scenario {
  target: Target;
  step: string;
  why: string;
}

const SCENARIOS: Scenario[] = [
  { target: 'payment', step: 'refund:before-commit', why: 'the refund rolls back; the redelivered OrderCancelled refunds' },
  {
    target: 'payment',
    step: 'refund:after-commit',
    why: 'the refund is durable; its RefundIssued is committed by check-back or republished',
  },
  { target: 'product', step: 'return-stock:before-commit', why: 'the return rolls back; the redelivered OrderCancelled returns' },
  { target: 'product', step: 'return-stock:after-commit', why: 'the return is durable; the check-back commits its StockReturned' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A killed consumer's pending long poll stays open in the proxy until it times out (at most this long): a message
// arriving meanwhile is popped for the dead client and stays invisible for the whole invisible duration (~60 s)
// before another consumer gets it (apache/rocketmq#9253). So nothing is published to a killed service's group until
// that window has passed; the scenarios then take no longer than their crash makes them.
const LONG_POLL_MAX_MS: number = JSON.parse(
  readFileSync('scripts/rocketmq/rmq-proxy.json', 'utf8'),
).grpcClientConsumerMaxLongPollingTimeoutMillis;
let lastKillAt = 0;
const quietAfterKill = () => sleep(Math.max(0, lastKillAt + LONG_POLL_MAX_MS + 1000 - Date.now()));

const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(testConfig().postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;
const logger = pino({ level: 'silent' });
const captured = new Map<string, EventEnvelope>();
let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;
let producer: EventProducer;
let capture: EventConsumer;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
  // Publishes the duplicate; its half messages are committed at once, so its check-back is never needed.
  producer = new EventProducer({ config: stageConfig.rocketmq, topics: [TOPICS.orderEvents], checker: async () => 'COMMIT', logger });
  await producer.start();
  capture = new EventConsumer({
    config: stageConfig.rocketmq,
    group: CAPTURE_GROUP,
    // Probe: a tag no service subscribes to, so warming this group up disturbs nobody.
    subscriptions: { [TOPICS.orderEvents]: 'OrderCancelled || Probe' },
    logger,
    handler: async (event) => void captured.set(event.id, event),
  });
  await capture.start();
  await warmUpConsumer(async () => {
    const probe = createEvent('Probe', 'e2e', { order_id: crypto.randomUUID() });
    await producer.publishInTransaction(TOPICS.orderEvents, probe, [probe.id], async () => undefined);
    return async () => captured.has(probe.id);
  }, `the ${CAPTURE_GROUP} consumer`);
});
afterAll(async () => {
  await capture?.stop();
  await producer?.stop();
  await system?.stop();
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
});

// ---- what the buyer, the admin and the databases see ----

const wallet = async (token: string) => {
  const res = await api('GET', '/api/v1/payment/wallet', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as { balance_cents: number; frozen_cents: number; debited_cents: number };
};

const levels = async (skuId: string) => {
  const { rows } = await pools.product.query('select available, reserved, sold from skus where id = $1', [skuId]);
  return { available: Number(rows[0].available), reserved: Number(rows[0].reserved), sold: Number(rows[0].sold) };
};

const orderOf = async (token: string, orderId: string) => {
  const res = await api('GET', `/api/v1/order/${orderId}`, { token });
  return res.status === 200 ? res.body.data : { status: `HTTP ${res.status}`, body: res.body };
};

/** The buyer's REFUND entries for the order, from their payment history. */
const refundsOf = async (token: string, orderId: string) => {
  const res = await api('GET', '/api/v1/payment?page=1&page_size=100', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { kind: string; order_id: string | null; amount_cents: number; status: string }[])
    .filter((p) => p.kind === 'REFUND' && p.order_id === orderId)
    .map((p) => ({ amount_cents: p.amount_cents, status: p.status }));
};

/** The RETURN rows of the order in the SKU's stock ledger (admin). */
const returnsOf = async (skuId: string, orderId: string) => {
  const res = await api('GET', `/api/v1/product/sku/${skuId}/stock/history?page=1&page_size=100`, { token: adminToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { kind: string; order_id: string | null; quantity: number | null; delta: number }[])
    .filter((e) => e.kind === 'RETURN' && e.order_id === orderId)
    .map((e) => ({ quantity: e.quantity, delta: e.delta }));
};

/** The SKU's available units as the public catalog shows them. */
const catalogAvailable = async (productId: string): Promise<number> => {
  const res = await api('GET', `/api/v1/product/${productId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.variants[0].available;
};

const processedRows = async (database: 'payment' | 'product', group: string, eventId: string) =>
  Number(
    (
      await pools[database].query('select count(*) as n from processed_messages where consumer_group = $1 and message_id = $2', [
        group,
        eventId,
      ])
    ).rows[0].n,
  );

/** How many deliveries of OrderCancelled the service's consumer found applied before (its /metrics counter). */
const duplicateDeliveries = async (target: Target, group: string): Promise<number> => {
  const { host, port } = stageConfig.services[target].http;
  const text = await (await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('micro_ecommerce_events_consumed_total{') &&
        line.includes('event_type="OrderCancelled"') &&
        line.includes(`messaging_consumer_group_name="${group}"`) &&
        line.includes('result="duplicate"'),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
};

// ---- the story ----

interface PaidOrder {
  buyer: Awaited<ReturnType<typeof newCustomer>>;
  productId: string;
  skuId: string;
  orderId: string;
}

/** A fresh SKU bought by a fresh buyer through the gateway, once the checkout's TCC confirms have run. */
const paidOrder = async (label: string): Promise<PaidOrder> => {
  const product = await newProduct(adminToken, [{ name: 'only', price_cents: PRICE_CENTS, stock: STOCK }], label);
  const skuId = product.variants[0]!.sku_id;
  const buyer = await newCustomer(label.toLowerCase());
  const topUp = await api('POST', '/api/v1/payment/topup', {
    token: buyer.token,
    body: { amount_cents: TOP_UP_CENTS, card_token: 'tok_visa' },
  });
  expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
  const checkout = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: QUANTITY }] } });
  expect([checkout.status, checkout.body?.data?.status, checkout.body?.data?.total_cents]).toEqual([201, 'PAID', TOTAL_CENTS]);
  // The 201 comes before phase two: a refund or a return meeting a still-frozen debit or reserved stock is
  // retried (NOT_YET_CONFIRMED), which is not what these tests are about.
  expect(
    await pollUntil(
      () => wallet(buyer.token),
      (w) => w.frozen_cents === 0 && w.debited_cents === TOTAL_CENTS,
      20_000,
    ),
  ).toEqual({ balance_cents: TOP_UP_CENTS - TOTAL_CENTS, frozen_cents: 0, debited_cents: TOTAL_CENTS });
  expect(
    await pollUntil(
      () => levels(skuId),
      (l) => l.sold === QUANTITY,
      20_000,
    ),
  ).toEqual({
    available: STOCK - QUANTITY,
    reserved: 0,
    sold: QUANTITY,
  });
  return { buyer, productId: product.id, skuId, orderId: checkout.body.data.id };
};

const cancel = async (order: PaidOrder) => {
  await quietAfterKill();
  const res = await api('POST', `/api/v1/order/${order.orderId}/cancel`, { token: order.buyer.token, body: { reason: 'changed my mind' } });
  expect([res.status, res.body?.data?.status], JSON.stringify(res.body)).toEqual([200, 'CANCELLED']);
};

const waitForRefunded = async (order: PaidOrder, timeoutMs: number) => {
  const seen = await pollUntil(
    () => orderOf(order.buyer.token, order.orderId),
    (o) => o.status === 'REFUNDED',
    timeoutMs,
  );
  expect(seen.status, JSON.stringify(seen)).toBe('REFUNDED');
  expect(seen.refund).toMatchObject({ refund_issued: true, stock_returned: true });
};

/** Every effect of the refund exactly once, seen by the buyer, the admin, the catalog and the databases. */
const expectRefundedOnce = async (order: PaidOrder) => {
  const eventId = `OrderCancelled:${order.orderId}`;
  expect(await wallet(order.buyer.token)).toEqual({ balance_cents: TOP_UP_CENTS, frozen_cents: 0, debited_cents: 0 });
  expect(await refundsOf(order.buyer.token, order.orderId)).toEqual([{ amount_cents: TOTAL_CENTS, status: 'SUCCEEDED' }]);
  expect(await levels(order.skuId)).toEqual({ available: STOCK, reserved: 0, sold: 0 });
  expect(await catalogAvailable(order.productId)).toBe(STOCK);
  expect(await returnsOf(order.skuId, order.orderId)).toEqual([{ quantity: QUANTITY, delta: 0 }]);
  expect({
    payment: await processedRows('payment', PAYMENT_GROUP, eventId),
    product: await processedRows('product', PRODUCT_GROUP, eventId),
  }).toEqual({ payment: 1, product: 1 });
  expect((await orderOf(order.buyer.token, order.orderId)).status).toBe('REFUNDED');
};

const expectNoInvariantViolated = async () => {
  const violations = await findViolations(async (db, sql) => (await pools[db].query(sql)).rows);
  expect(violations.filter((v) => v.rows.length > 0).map((v) => ({ name: v.invariant.name, rows: v.rows.slice(0, 3) }))).toEqual([]);
};

describe('refund of a cancelled paid order, exactly once', () => {
  // First, while no crash has left a redelivery in flight that the duplicate counters below could mistake for ours.
  it('a second delivery of the same OrderCancelled after REFUNDED changes nothing', async () => {
    const order = await paidOrder('RefundDuplicate');
    await cancel(order);
    await waitForRefunded(order, 60_000);
    await expectRefundedOnce(order);

    // The envelope exactly as the order service published it: same id, same data.
    const eventId = `OrderCancelled:${order.orderId}`;
    const original = await pollUntil(
      async () => captured.get(eventId),
      (event) => event !== undefined,
      10_000,
    );
    expect(original?.data).toMatchObject({ order_id: order.orderId, paid: true, total_cents: TOTAL_CENTS });
    const before = {
      payment: await duplicateDeliveries('payment', PAYMENT_GROUP),
      product: await duplicateDeliveries('product', PRODUCT_GROUP),
    };
    await producer.publishInTransaction(TOPICS.orderEvents, original!, [order.orderId], async () => undefined);

    // Both consumers took the second delivery and found it applied before.
    const after = await pollUntil(
      async () => ({
        payment: await duplicateDeliveries('payment', PAYMENT_GROUP),
        product: await duplicateDeliveries('product', PRODUCT_GROUP),
      }),
      (counts) => counts.payment > before.payment && counts.product > before.product,
      15_000,
    );
    expect(after.payment, 'payment consumed the redelivery as a duplicate').toBeGreaterThan(before.payment);
    expect(after.product, 'product consumed the redelivery as a duplicate').toBeGreaterThan(before.product);
    // A duplicate may republish RefundIssued under the same id; give the order's consumer time to see it.
    await sleep(2000);
    await expectRefundedOnce(order);
    await expectNoInvariantViolated();
  }, 120_000);

  it.each(SCENARIOS)(
    '$target killed at $step: REFUNDED once after restart ($why)',
    async ({ target, step }) => {
      const order = await paidOrder(`RefundCrash-${target}`);
      const proc = system.processes[target]!;
      await proc.stop();
      await proc.start({ [`CONFIG__SERVICES__${target.toUpperCase()}__CRASH_AT`]: step });
      try {
        await cancel(order);
        expect(await proc.waitForExit(30_000)).toBe(137);
      } finally {
        lastKillAt = Date.now();
        // Never leave the crash point armed for the next scenario, whatever happened above.
        await proc.stop();
        await proc.start();
      }
      // Before commit, the OrderCancelled in the dead consumer's hands comes back once its invisible duration
      // (~60 s) ends; after commit, the check-back settles the half message within seconds.
      await waitForRefunded(order, 100_000);
      await expectRefundedOnce(order);
      await expectNoInvariantViolated();
    },
    180_000,
  );
});
