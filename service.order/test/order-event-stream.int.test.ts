import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrderRepository } from '../src/adapters/out/postgres/order-repository.js';
import { createRefundConfirmations } from '../src/adapters/out/postgres/refund-confirmations.js';
import { makeConfirmRefundStep } from '../src/app/confirm-refund-step.js';
import { FakeOrderEvents } from './fakes/fake-order-events.js';
import { startOrderHarness, type OrderHarness } from './order-harness.js';
import { openEventStream } from '@micro-ecommerce/pkg/testing';

// GET /api/v1/order/{id}/events against two replicas sharing the order database: a change made through one
// reaches a stream served by the other (LISTEN/NOTIFY on the order's own history).

let a: OrderHarness;
let b: OrderHarness;
const streams: Array<{ close(): void }> = [];
beforeAll(async () => {
  a = await startOrderHarness({ event_stream_heartbeat_ms: 300 });
  b = await startOrderHarness({}, { tokens: a.tokens });
});
afterAll(async () => {
  streams.forEach((stream) => stream.close());
  await Promise.all([a?.stop(), b?.stop()]);
});

const paidOrder = () => a.paidOrder({ priceCents: 900n, quantity: 1 });

const watch = async (h: OrderHarness, authorization: string, orderId: string, headers: Record<string, string> = {}) => {
  const stream = await openEventStream(`http://127.0.0.1:${h.httpPort}/api/v1/order/${orderId}/events`, { authorization, ...headers });
  streams.push(stream);
  return stream;
};

const step = async (h: OrderHarness, authorization: string, orderId: string, action: string, body?: unknown) => {
  const res = await h.api(authorization, 'POST', `/api/v1/order/${orderId}/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
};

describe('GET /api/v1/order/{id}/events (Server-Sent Events)', () => {
  it('sends the current status at once, then every transition in order, whichever replica makes it', async () => {
    const { customer, orderId } = await paidOrder();
    const staff = await a.newStaff();
    const stream = await watch(a, customer.authorization, orderId);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const first = await stream.next();
    expect(first.event).toBe('status');
    expect(JSON.parse(first.data)).toMatchObject({ id: orderId, status: 'PAID' });
    expect(Number(first.id)).toBeGreaterThan(0);

    // Through the other replica: only the database connects them.
    await step(b, staff.authorization, orderId, 'accept');
    await step(b, staff.authorization, orderId, 'ship');
    await step(a, staff.authorization, orderId, 'deliver');
    const changes = [await stream.next(), await stream.next(), await stream.next()];
    expect(changes.map((e) => e.event)).toEqual(['OrderAccepted', 'OrderShipped', 'OrderDelivered']);
    expect(changes.map((e) => JSON.parse(e.data).status)).toEqual(['ACCEPTED', 'SHIPPED', 'DELIVERED']);
    expect(JSON.parse(changes[0]!.data)).toMatchObject({
      order_id: orderId,
      event_type: 'OrderAccepted',
      actor_id: staff.id,
      reason: null,
    });
    const ids = [first, ...changes].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(4);
  });

  it('resumes after Last-Event-ID with every row after it, and no status event', async () => {
    const { customer, orderId } = await paidOrder();
    const staff = await b.newStaff();
    const live = await watch(b, customer.authorization, orderId);
    await live.next(); // status
    await step(a, staff.authorization, orderId, 'accept');
    const accepted = await live.next();
    live.close();
    await step(a, staff.authorization, orderId, 'ship');
    await step(a, staff.authorization, orderId, 'deliver');

    const resumed = await watch(b, customer.authorization, orderId, { 'last-event-id': accepted.id! });
    expect([(await resumed.next()).event, (await resumed.next()).event]).toEqual(['OrderShipped', 'OrderDelivered']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.pending()).toEqual([]);
  });

  it('streams a paid cancellation through its refund: OrderCancelled, both confirmations, OrderRefunded', async () => {
    const { customer, orderId } = await paidOrder();
    const stream = await watch(a, customer.authorization, orderId);
    await stream.next();
    await step(b, customer.authorization, orderId, 'cancel', { reason: 'ordered twice' });
    expect(JSON.parse((await stream.next()).data)).toMatchObject({
      event_type: 'OrderCancelled',
      status: 'CANCELLED',
      reason: 'ordered twice',
    });

    // As the order-service consumer applies payment's and product's confirmations.
    const confirm = makeConfirmRefundStep({
      orders: createOrderRepository(a.pool),
      confirmations: createRefundConfirmations(a.pool, 'order-service'),
      events: new FakeOrderEvents(),
    });
    await confirm({ eventId: `RefundIssued:${orderId}`, orderId, step: 'refund' });
    await confirm({ eventId: `StockReturned:${orderId}`, orderId, step: 'stock' });
    const rest = [await stream.next(), await stream.next(), await stream.next()];
    expect(rest.map((e) => [e.event, JSON.parse(e.data).status])).toEqual([
      ['RefundIssued', 'CANCELLED'],
      ['StockReturned', 'CANCELLED'],
      ['OrderRefunded', 'REFUNDED'],
    ]);
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const { customer, orderId } = await paidOrder();
    const stream = await watch(a, customer.authorization, orderId);
    await stream.next();
    expect(await stream.comments(2, 3000)).toEqual(['heartbeat', 'heartbeat']);
  });

  it('lets staff watch any order, and answers 404 to another customer and 401 without a token (plain JSON errors)', async () => {
    const { orderId } = await paidOrder();
    const staff = await a.newStaff();
    const stranger = await a.newCustomer();
    const staffStream = await watch(a, staff.authorization, orderId);
    expect(JSON.parse((await staffStream.next()).data).status).toBe('PAID');
    const refused = await a.api(stranger.authorization, 'GET', `/api/v1/order/${orderId}/events`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('ORDER_NOT_FOUND');
    expect((await a.api(null, 'GET', `/api/v1/order/${orderId}/events`)).status).toBe(401);
  });
});

describe('bounds of live streams', () => {
  it('grants an account max_per_account streams across replicas, then 429 TOO_MANY_STREAMS; a closed one frees its place', async () => {
    const { customer, orderId } = await paidOrder();
    const max = a.config.services.order.event_streams.max_per_account;
    // Split between the replicas: the places are counted in Redis, not per process.
    const held = [];
    for (let i = 0; i < max; i++) held.push(await watch(i % 2 === 0 ? a : b, customer.authorization, orderId));
    expect(held.map((stream) => stream.status)).toEqual(held.map(() => 200));
    for (const replica of [a, b]) {
      const refused = await replica.api(customer.authorization, 'GET', `/api/v1/order/${orderId}/events`);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_STREAMS', details: { max_per_account: max } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another account (staff watching the same order) is not affected.
    expect((await watch(a, (await a.newStaff()).authorization, orderId)).status).toBe(200);
    held[1]!.close();
    await expect.poll(async () => (await watch(a, customer.authorization, orderId)).status, { timeout: 5000 }).toBe(200);
  });

  it('frees the place of a refused watch (404) at once', async () => {
    const stranger = await a.newCustomer();
    const { orderId } = await paidOrder();
    const max = a.config.services.order.event_streams.max_per_account;
    for (let i = 0; i <= max; i++) expect((await a.api(stranger.authorization, 'GET', `/api/v1/order/${orderId}/events`)).status).toBe(404);
  });

  it("ends a stream at its token's exp with a TokenExpired event (no id), and frees its place", async () => {
    const { customer, orderId } = await paidOrder();
    const token = await a.tokens.issue({ customerId: customer.id, role: 'customer' }, 2);
    const expiresAt = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const stream = await watch(a, `Bearer ${token}`, orderId);
    const status = await stream.next();
    const last = await stream.next(5000);
    expect(last.event).toBe('TokenExpired');
    expect(last.id).toBeUndefined();
    expect(JSON.parse(last.data)).toEqual({ expires_at: new Date(expiresAt).toISOString() });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(await stream.ended(2000)).toBe(true);
    await expect.poll(() => a.redis.zcard(`order:event-streams:${customer.id}`)).toBe(0);
    expect(Number(status.id)).toBeGreaterThan(0);
  });
});

describe('shutdown', () => {
  it('ends open streams cleanly when the replica stops, so the client can reconnect elsewhere', async () => {
    const replica = await startOrderHarness();
    try {
      const customer = await replica.newCustomer();
      replica.wallet.topUp(customer.id, 1_000n);
      const placed = await replica.api(customer.authorization, 'POST', '/api/v1/order', {
        items: [{ sku_id: replica.newSku(), quantity: 1 }],
      });
      const stream = await watch(replica, customer.authorization, placed.body.data.id);
      await stream.next();
      const stopping = replica.stop();
      // Ended by the server (not cut): the stream's end arrives before the rest of the shutdown finishes.
      expect(await stream.ended(2000)).toBe(true);
      await stopping;
    } catch (error) {
      await replica.stop().catch(() => undefined);
      throw error;
    }
  });
});
