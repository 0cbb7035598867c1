import { loadConfig } from '@micro-ecommerce/pkg/config';
import type { AppError } from '@micro-ecommerce/pkg/errors';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, EventConsumer, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderCancelledHandler, PRODUCT_CONSUMER_GROUP } from '../src/adapters/in/mq/order-cancelled-consumer.js';
import { createProductEventChecker } from '../src/adapters/out/postgres/product-event-checker.js';
import { createReservationRepository } from '../src/adapters/out/postgres/reservation-repository.js';
import { createSkuRepository } from '../src/adapters/out/postgres/sku-repository.js';
import { createStockReturnRepository } from '../src/adapters/out/postgres/stock-return-repository.js';
import { createProductEventPublisher } from '../src/adapters/out/rocketmq/product-event-publisher.js';
import { makeReturnStock } from '../src/app/return-stock.js';
import { productConfigSchema } from '../src/config.js';
import { stockReturned } from '../src/domain/product-event.js';
import { startProductConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { FakeSkuViewFeed } from './fakes.js';

// Stock returns of orders cancelled after payment, against the real product database and broker: the handler
// alone (duplicates, a pending confirm, a cancelled checkout, concurrent checkouts), the check-backs of
// StockReturned, the stock history, and the consumer wired as main.ts wires it, fed through the broker.
// Checkouts are played with the real reservation repository; SKUs, order ids and xids are unique to this run.

const { config } = loadConfig(productConfigSchema, { defaultStage: 'config/test.yaml' });
const logger = pino({ level: 'silent' });
const pool = createPool(config.postgres, 'product');
const skus = createSkuRepository(pool);
const reservations = createReservationRepository(pool);
const checker = createProductEventChecker(pool);
const productId = `return-int-${crypto.randomUUID()}`;
const skuViews = new FakeSkuViewFeed();

let producer: EventProducer;
let listener: EventConsumer;
const returned = new Map<string, EventEnvelope>();

const newSku = async (stock: number) => (await skus.create(productId, [{ priceCents: 500, stock }]))[0]!.id;
const levels = async (skuId: string) => {
  const { rows } = await pool.query('select available, reserved, sold from skus where id = $1', [skuId]);
  return { available: Number(rows[0].available), reserved: Number(rows[0].reserved), sold: Number(rows[0].sold) };
};
const returnRows = async (orderId: string) =>
  (
    await pool.query(
      `select sku_id, delta, quantity, xid, reason from stock_adjustments where kind = 'RETURN' and order_id = $1 order by sku_id`,
      [orderId],
    )
  ).rows.map((r) => ({ skuId: r.sku_id, delta: Number(r.delta), quantity: Number(r.quantity), xid: r.xid, reason: r.reason }));
const processed = async (eventId: string) =>
  (await pool.query('select 1 from processed_messages where consumer_group = $1 and message_id = $2', [PRODUCT_CONSUMER_GROUP, eventId]))
    .rowCount;
// available + reserved + sold against the ledger, for every SKU of this run.
const ledgerMismatches = async () =>
  (
    await pool.query(
      `select s.id from skus s where s.product_id = $1
         and s.available + s.reserved + s.sold <> (select coalesce(sum(delta), 0) from stock_adjustments where sku_id = s.id)`,
      [productId],
    )
  ).rows;

/** A paid checkout of `items`: try, and confirm unless `confirm` is false. */
const checkout = async (items: { skuId: string; quantity: number }[], confirm = true) => {
  const xid = crypto.randomUUID();
  await reservations.tryReserve(
    xid,
    [...items].sort((a, b) => (a.skuId < b.skuId ? -1 : 1)),
    () => {},
  );
  if (confirm) await reservations.confirm(xid);
  return { xid, orderId: crypto.randomUUID() };
};
const orderCancelled = (order: { xid: string; orderId: string }, paid = true): EventEnvelope => ({
  ...createEvent('OrderCancelled', 'order', {
    order_id: order.orderId,
    customer_id: crypto.randomUUID(),
    reason: 'CANCELLED',
    paid,
    cancelled_by: 'customer',
    xid: order.xid,
    total_cents: 500,
    items: [],
  }),
  id: `OrderCancelled:${order.orderId}`,
});
const delivery = { messageId: 'm', topic: 'order-events', deliveryAttempt: 1 };

let handle: ReturnType<typeof orderCancelledHandler>;

beforeAll(async () => {
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.productEvents, TOPICS.orderEvents], checker, logger });
  await producer.start();
  const returnStock = makeReturnStock({
    returns: createStockReturnRepository(pool, { group: PRODUCT_CONSUMER_GROUP }),
    events: createProductEventPublisher(producer),
    skuViews,
    clock: { now: () => new Date() },
  });
  handle = orderCancelledHandler(returnStock, logger);
  // Listens to product-events as the order service will, to see each StockReturned that was published.
  listener = new EventConsumer({
    config: config.rocketmq,
    group: 'test-product-stock-returned',
    subscriptions: { [TOPICS.productEvents]: 'StockReturned || Probe' },
    logger,
    handler: async (event) => void returned.set(event.id, event),
  });
  await listener.start();
  await warmUpConsumer(async () => {
    const probe = createEvent('Probe', 'test', { order_id: 'probe' });
    await producer.publishInTransaction(TOPICS.productEvents, probe, ['probe'], async () => undefined);
    return async () => returned.has(probe.id);
  }, 'the StockReturned listener');
}, 90_000);

afterAll(async () => {
  await listener?.stop();
  await producer?.stop();
  await pool.end();
});

describe('stock return of an order cancelled after payment (real database)', () => {
  it('moves the sold units back to available once however often the event comes, with a RETURN row per SKU', async () => {
    const [a, b] = [await newSku(10), await newSku(3)];
    const order = await checkout([
      { skuId: a, quantity: 4 },
      { skuId: b, quantity: 3 },
    ]);
    expect(await levels(a)).toEqual({ available: 6, reserved: 0, sold: 4 });
    const event = orderCancelled(order);
    await expect(handle(event, delivery)).resolves.toBeUndefined();
    await expect(handle(event, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');

    expect(await levels(a)).toEqual({ available: 10, reserved: 0, sold: 0 });
    expect(await levels(b)).toEqual({ available: 3, reserved: 0, sold: 0 });
    const reason = `order ${order.orderId} cancelled after payment`;
    expect(await returnRows(order.orderId)).toEqual(
      [
        { skuId: a, delta: 0, quantity: 4, xid: order.xid, reason },
        { skuId: b, delta: 0, quantity: 3, xid: order.xid, reason },
      ].sort((x, y) => (x.skuId < y.skuId ? -1 : 1)),
    );
    expect(await processed(event.id)).toBe(1);
    expect(await ledgerMismatches()).toEqual([]);
    expect(skuViews.ids).toEqual(expect.objectContaining(new Set([a, b])));

    // Published with the return, in the same local transaction.
    expect(await waitUntil(async () => returned.has(`StockReturned:${order.orderId}`), 20_000)).toBe(true);
    expect(returned.get(`StockReturned:${order.orderId}`)).toMatchObject({
      type: 'StockReturned',
      source: 'product',
      data: {
        order_id: order.orderId,
        xid: order.xid,
        items: expect.arrayContaining([
          { sku_id: a, quantity: 4 },
          { sku_id: b, quantity: 3 },
        ]),
      },
    });
  });

  it('refuses (for a redelivery) while the checkout’s confirm has not run, and returns once it has', async () => {
    const sku = await newSku(5);
    const order = await checkout([{ skuId: sku, quantity: 2 }], false);
    const event = orderCancelled(order);
    const refused = await handle(event, delivery).catch((error: unknown) => error as AppError);
    expect(refused).toMatchObject({ kind: 'FAILED_PRECONDITION', reason: 'NOT_YET_CONFIRMED' });
    expect(await levels(sku)).toEqual({ available: 3, reserved: 2, sold: 0 });
    expect(await processed(event.id)).toBe(0);
    expect(await returnRows(order.orderId)).toEqual([]);

    await reservations.confirm(order.xid);
    await handle(event, { ...delivery, deliveryAttempt: 2 });
    expect(await levels(sku)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('changes nothing for a cancelled or unknown checkout, or an order cancelled before payment, and records the paid ones', async () => {
    const sku = await newSku(5);
    const cancelledCheckout = await checkout([{ skuId: sku, quantity: 1 }], false);
    await reservations.cancel(cancelledCheckout.xid);
    const unknown = { xid: crypto.randomUUID(), orderId: crypto.randomUUID() };
    const unpaid = await checkout([{ skuId: sku, quantity: 1 }]);
    await handle(orderCancelled(cancelledCheckout), delivery);
    await handle(orderCancelled(unknown), delivery);
    await handle(orderCancelled(unpaid, false), delivery);
    expect(await levels(sku)).toEqual({ available: 4, reserved: 0, sold: 1 });
    expect(await processed(`OrderCancelled:${cancelledCheckout.orderId}`)).toBe(1);
    expect(await processed(`OrderCancelled:${unknown.orderId}`)).toBe(1);
    expect(await processed(`OrderCancelled:${unpaid.orderId}`)).toBe(0);
    expect(await returnRows(cancelledCheckout.orderId)).toEqual([]);
  });

  it('runs beside checkouts of the same SKUs without deadlocks or lost units', async () => {
    const [a, b] = [await newSku(100), await newSku(100)];
    const paid = await Promise.all(
      Array.from({ length: 6 }, () =>
        checkout([
          { skuId: a, quantity: 1 },
          { skuId: b, quantity: 2 },
        ]),
      ),
    );
    await Promise.all([
      ...paid.map((order) => handle(orderCancelled(order), delivery)),
      ...Array.from({ length: 6 }, () =>
        checkout([
          { skuId: b, quantity: 1 },
          { skuId: a, quantity: 1 },
        ]),
      ),
    ]);
    expect(await levels(a)).toEqual({ available: 94, reserved: 0, sold: 6 });
    expect(await levels(b)).toEqual({ available: 94, reserved: 0, sold: 6 });
    expect(await ledgerMismatches()).toEqual([]);
  });

  it('lists returns with the adjustments in the SKU’s stock history, newest first, also once the SKU is deleted', async () => {
    const sku = await newSku(5);
    await skus.adjustStock(sku, () => ({ delta: 2, available: 7 }), 'delivery');
    const order = await checkout([{ skuId: sku, quantity: 3 }]);
    await handle(orderCancelled(order), delivery);
    await skus.deleteByIds([sku]);
    const page = await skus.stockHistory(sku, { skip: 0, limit: 2 });
    expect(page?.total).toBe(3);
    expect(page?.items.map((e) => e.kind)).toEqual(['RETURN', 'ADJUSTMENT']);
    expect(page?.items[0]).toMatchObject({ kind: 'RETURN', delta: 0, quantity: 3, orderId: order.orderId, xid: order.xid });
    expect((await skus.stockHistory(sku, { skip: 2, limit: 2 }))?.items).toMatchObject([{ kind: 'ADJUSTMENT', delta: 5 }]);
    expect(await skus.stockHistory(crypto.randomUUID(), { skip: 0, limit: 2 })).toBeUndefined();
  });
});

describe('StockReturned check-backs (answered from the stock ledger)', () => {
  it('commits once the order’s units are back, waits while its return may still commit, then rolls back', async () => {
    const sku = await newSku(2);
    const order = await checkout([{ skuId: sku, quantity: 1 }]);
    const items = [{ sku_id: sku, quantity: 1 }];
    const fresh = stockReturned({ order_id: order.orderId, xid: order.xid, items }, new Date());
    const stale = stockReturned({ order_id: order.orderId, xid: order.xid, items }, new Date(Date.now() - 61_000));
    expect(await checker(fresh)).toBe('UNKNOWN');
    expect(await checker(stale)).toBe('ROLLBACK');
    await handle(orderCancelled(order), delivery);
    expect(await checker(fresh)).toBe('COMMIT');
    expect(await checker(stale)).toBe('COMMIT');
  });

  it('rolls back events it never publishes and malformed ones', async () => {
    expect(await checker(createEvent('Probe', 'test', { order_id: crypto.randomUUID() }))).toBe('ROLLBACK');
    expect(await checker(createEvent('StockReturned', 'product', { xid: 'x' }))).toBe('ROLLBACK');
  });
});

describe('OrderCancelled through the broker (consumer group product-service)', () => {
  let consumers: RunningConsumers;
  const publish = (event: EventEnvelope) =>
    producer.publishInTransaction(TOPICS.orderEvents, event, [(event.data as { order_id: string }).order_id], async () => undefined);

  beforeAll(async () => {
    consumers = await startProductConsumers(config, { logger, pool, producer, skuViews });
    // Probes name checkouts that never existed: the consumer records them processed, changing nothing.
    await warmUpConsumer(async () => {
      const probe = orderCancelled({ xid: crypto.randomUUID(), orderId: crypto.randomUUID() });
      await publish(probe);
      return async () => (await processed(probe.id)) === 1;
    }, 'the product-service consumer');
  }, 90_000);

  afterAll(async () => {
    await consumers?.stop();
  });

  it('returns the units of a paid order cancelled through the broker and publishes StockReturned', async () => {
    const sku = await newSku(4);
    const order = await checkout([{ skuId: sku, quantity: 4 }]);
    await publish(orderCancelled(order));
    expect(await waitUntil(async () => (await levels(sku)).available === 4, 20_000)).toBe(true);
    expect(await levels(sku)).toEqual({ available: 4, reserved: 0, sold: 0 });
    expect(await waitUntil(async () => returned.has(`StockReturned:${order.orderId}`), 20_000)).toBe(true);
  });
});
