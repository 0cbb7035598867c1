import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { instanceSamples } from './support/instance-metrics.js';
import { pollUntil } from './support/poll-until.js';
import { startSystem } from './support/system.js';

// Consumers scale out: two cart and two customer instances, each pair one consumer group on the broker, split the
// OrderPaid events of a run of checkouts between them, and every event takes effect exactly once (each consumer
// records the event id with its effect: a Lua script in Redis for cart, processed_messages in PostgreSQL for
// customer), so the cart line shrinks by exactly the units bought and the points grow by exactly the orders' worth.

const CHECKOUTS = 12;
const PRICE_CENTS = 300; // 3 loyalty points per order
const LINE_UNITS = 30;

let system: Awaited<ReturnType<typeof startSystem>>;

beforeAll(async () => {
  system = await startSystem({ replicas: { cart: 2, customer: 2 } });
});
afterAll(async () => {
  await system?.stop();
});

const instancesOf = (service: string) => [system.processes[service]!, system.processes[`${service}-1`]!];
const OK_ORDER_PAID = { event_type: 'OrderPaid', result: 'ok' };
const consumedBy = (service: string) => instanceSamples(instancesOf(service), 'micro_ecommerce_events_consumed_total', OK_ORDER_PAID);

describe('two consumer replicas in one group', () => {
  it('apply every OrderPaid exactly once between them', async () => {
    const skuId = await newSku(await loginAdmin(), PRICE_CENTS, 100, 'ScaleOut');
    const buyer = await newCustomer('scale-out');
    const topUp = await api('POST', '/api/v1/payment/topup', {
      token: buyer.token,
      body: { amount_cents: 10_000, card_token: 'tok_visa' },
    });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
    const added = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: LINE_UNITS } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const cartBefore = await consumedBy('cart');
    const customerBefore = await consumedBy('customer');

    for (let i = 0; i < CHECKOUTS; i++) {
      const res = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
      expect([res.status, res.body.data?.status], JSON.stringify(res.body)).toEqual([201, 'PAID']);
    }

    const lineUnits = async () =>
      (await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data.items.find((item: any) => item.sku_id === skuId)?.quantity;
    const points = async () => (await api('GET', '/api/v1/customer/me', { token: buyer.token })).body.data.loyalty_points;
    expect(await pollUntil(lineUnits, (units) => units === LINE_UNITS - CHECKOUTS, 30_000)).toBe(LINE_UNITS - CHECKOUTS);
    expect(await pollUntil(points, (value) => value === CHECKOUTS * 3, 30_000)).toBe(CHECKOUTS * 3);
    // A duplicate would land after the first copy: give redeliveries time, then nothing may have moved.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await lineUnits()).toBe(LINE_UNITS - CHECKOUTS);
    expect(await points()).toBe(CHECKOUTS * 3);

    const cart = (await consumedBy('cart')).map((value, i) => value - cartBefore[i]!);
    const customer = (await consumedBy('customer')).map((value, i) => value - customerBefore[i]!);
    console.log(`OrderPaid applied per instance: cart ${cart.join(' + ')}, customer ${customer.join(' + ')}`);
    expect(cart.reduce((a, b) => a + b)).toBe(CHECKOUTS);
    expect(customer.reduce((a, b) => a + b)).toBe(CHECKOUTS);
    // Both instances of each group took a share: the broker hands a group's messages to whichever member asks.
    for (const share of [...cart, ...customer]) expect(share, `cart ${cart}, customer ${customer}`).toBeGreaterThan(0);
  });
});
