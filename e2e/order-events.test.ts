import { createEvent, EventProducer, parseEvent, stageName, withSettingsReplay, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { ConsumeResult, FilterExpression, PushConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { stageConfig, startSystem } from './support/system.js';

// The raw client (not EventConsumer) so the test also sees what travels outside the body: tag, keys, properties;
// with withSettingsReplay, so that its start-up cannot hang.
interface Received {
  event: EventEnvelope;
  tag: string | undefined;
  keys: string[];
  properties: Map<string, string>;
}

const TOPIC = 'order-events';
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const received: Received[] = [];
let system: Awaited<ReturnType<typeof startSystem>>;
let consumer: PushConsumer;
let probes: EventProducer;
let adminToken: string;

/** Waits (bounded) for a message matching `match`; undefined when none came. */
const waitFor = async (match: (r: Received) => boolean, timeoutMs: number): Promise<Received | undefined> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received.find(match);
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
  // The raw client knows nothing of stages: give it the broker's names of the test stage's topic and group.
  consumer = new (withSettingsReplay(PushConsumer))({
    endpoints: stageConfig.rocketmq.endpoints,
    namespace: '',
    consumerGroup: stageName(stageConfig.rocketmq, 'e2e-order-events'),
    subscriptions: new Map([[stageName(stageConfig.rocketmq, TOPIC), new FilterExpression('*')]]),
    logger: silent,
    messageListener: {
      consume: async (view: MessageView) => {
        received.push({ event: parseEvent(view.body), tag: view.tag, keys: view.keys, properties: view.properties });
        return ConsumeResult.SUCCESS;
      },
    },
  });
  await consumer.startup();
  // A new consumer group starts at the newest offset once it first polls: prove it receives before asserting.
  probes = new EventProducer({
    config: stageConfig.rocketmq,
    topics: [TOPIC],
    checker: async () => 'ROLLBACK',
    logger: pino({ level: 'silent' }),
  });
  await probes.start();
  for (let attempt = 0; ; attempt++) {
    const probe = createEvent('Probe', 'e2e', {});
    await probes.publishInTransaction(TOPIC, probe, [probe.id], async () => undefined);
    if (await waitFor((r) => r.event.id === probe.id, 2000)) break;
    if (attempt === 30) throw new Error('the e2e consumer group never received a probe on order-events');
  }
});
afterAll(async () => {
  await consumer?.shutdown();
  await probes?.stop();
  await system?.stop();
});

const buyerWith = async (cents: number) => {
  const buyer = await newCustomer('events');
  const topup = await api('POST', '/api/v1/payment/topup', { token: buyer.token, body: { amount_cents: cents, card_token: 'tok_visa' } });
  expect(topup.status, JSON.stringify(topup.body)).toBeLessThan(300);
  return buyer;
};

describe('order events (RocketMQ transactional messages on order-events)', () => {
  it('publishes one OrderPaid for a paid checkout', async () => {
    const buyer = await buyerWith(10_000);
    const skuId = await newSku(adminToken, 1200, 5, 'E2E Teapot');
    const res = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 2 }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const orderId = res.body.data.id as string;

    const paid = await waitFor((r) => r.event.id === `OrderPaid:${orderId}`, 20_000);
    expect(paid, 'OrderPaid never arrived').toBeDefined();
    expect(paid!.event).toMatchObject({
      type: 'OrderPaid',
      source: 'order',
      data: { order_id: orderId, customer_id: buyer.id, total_cents: 2400, items: [{ sku_id: skuId, quantity: 2 }] },
    });
    expect(paid!.tag).toBe('OrderPaid');
    expect(paid!.keys).toEqual([orderId]);
    expect(paid!.properties.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    // Nothing contradicts it: no OrderCancelled for the same order.
    expect(received.some((r) => r.event.id === `OrderCancelled:${orderId}`)).toBe(false);
    expect(received.filter((r) => r.event.id === `OrderPaid:${orderId}`)).toHaveLength(1);
  });

  it('publishes one OrderCancelled with reason OUT_OF_STOCK for a refused checkout', async () => {
    const buyer = await buyerWith(10_000);
    const skuId = await newSku(adminToken, 1000, 1, 'E2E Teapot');
    const res = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 2 }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    const orderId = res.body.error.details.order_id as string;

    const cancelled = await waitFor((r) => r.event.id === `OrderCancelled:${orderId}`, 20_000);
    expect(cancelled, 'OrderCancelled never arrived').toBeDefined();
    expect(cancelled!.event).toMatchObject({
      type: 'OrderCancelled',
      data: { order_id: orderId, customer_id: buyer.id, reason: 'OUT_OF_STOCK' },
    });
    expect(cancelled!.tag).toBe('OrderCancelled');
    expect(cancelled!.keys).toEqual([orderId]);
    expect(received.some((r) => r.event.id === `OrderPaid:${orderId}`)).toBe(false);
  });
});
