import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPool, DATABASES, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { openEventStream, testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAfterPaymentViolations } from '../scripts/after-payment-invariants.js';
import { api, login, loginAdmin, newCustomer, newProduct } from './support/api.js';
import { gatewayUrl, startSystem, stageConfig } from './support/system.js';

// The order after payment (DESIGN.md §10), through the gateway only: staff fulfil an order while its customer
// watches it live; a cancelled paid order is refunded (money and stock back) and earns its referrer nothing; a
// referred customer's order earns the referrer's commission once it ships; every change reaches the customer's
// inbox and the stage's .eml directory.

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;
let staffToken: string;
/** Every order the tests paid for: the cross-database invariants are checked on them at the end. */
const ordersMade: string[] = [];
const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(testConfig().postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
  const staff = stageConfig.services.customer.staff[0];
  staffToken = await login(staff.email, staff.password);
});
afterAll(async () => {
  await system?.stop();
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
});

const customer = stageConfig.services.customer;
const wallet = async (token: string) => (await api('GET', '/api/v1/payment/wallet', { token })).body.data;
const history = async (token: string) => (await api('GET', '/api/v1/payment?page_size=100', { token })).body.data as any[];
const order = async (token: string, id: string) => (await api('GET', `/api/v1/order/${id}`, { token })).body.data;
const inbox = async (token: string) => (await api('GET', '/api/v1/customer/notifications?page_size=100', { token })).body;
const available = async (productId: string) => (await api('GET', `/api/v1/product/${productId}`)).body.data.variants[0].available as number;

const topUp = async (token: string, cents: number) => {
  const res = await api('POST', '/api/v1/payment/topup', { token, body: { amount_cents: cents, card_token: 'tok_visa' } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
};

/** A customer who signed up with `referralCode`, logged in. */
const referredCustomer = (referralCode: string) => newCustomer('referred', referralCode);

/** A paid order of `quantity` units of a fresh one-SKU product; waits until its debit is confirmed. */
const paidOrder = async (buyer: { token: string }, priceCents: number, quantity: number, stock = 5) => {
  const product = await newProduct(adminToken, [{ name: 'only', price_cents: priceCents, stock }], 'E2E Lamp');
  const skuId = product.variants[0]!.sku_id;
  const res = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await expect.poll(() => wallet(buyer.token), { timeout: 5000 }).toMatchObject({ frozen_cents: 0 });
  ordersMade.push(res.body.data.id);
  return { orderId: res.body.data.id as string, productId: product.id, skuId, totalCents: priceCents * quantity };
};

/** The .eml files the customer service wrote for an order, as {kind, to} from their headers. */
const mailsFor = async (orderId: string) => {
  const dir = customer.mail.dir as string;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
  const mails: Array<{ kind: string; to: string; file: string }> = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    if (!text.includes(`X-Order-ID: ${orderId}`)) continue;
    mails.push({ kind: /^X-Notification-Kind: (.+)$/m.exec(text)![1]!.trim(), to: /^To: (.+)$/m.exec(text)![1]!.trim(), file });
  }
  return mails;
};

describe('the order after payment, through the gateway', () => {
  it('staff accept, ship and deliver while the customer watches live; one notification and one e-mail per change', async () => {
    const buyer = await newCustomer('watcher');
    await topUp(buyer.token, 10_000);
    const { orderId } = await paidOrder(buyer, 1500, 2);

    const streamUrl = `${gatewayUrl}/api/v1/order/${orderId}/events`;
    const stream = await openEventStream(streamUrl, { authorization: `Bearer ${buyer.token}` });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // The current status at once.
    const current = await stream.next();
    expect(current.event).toBe('status');
    expect(JSON.parse(current.data)).toMatchObject({ status: 'PAID' });

    // A customer cannot fulfil; staff can, one step at a time.
    expect((await api('POST', `/api/v1/order/${orderId}/accept`, { token: buyer.token })).status).toBe(403);
    expect((await api('POST', `/api/v1/order/${orderId}/ship`, { token: staffToken })).body.error).toMatchObject({
      code: 'ORDER_STATUS_CONFLICT',
      details: { status: 'PAID' },
    });
    for (const step of ['accept', 'ship', 'deliver']) {
      const res = await api('POST', `/api/v1/order/${orderId}/${step}`, { token: staffToken });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await order(buyer.token, orderId)).status).toBe('DELIVERED');

    // Each change arrived on the open stream, in order, with increasing ids a client can resume from.
    const changes = [await stream.next(10_000), await stream.next(10_000), await stream.next(10_000)];
    stream.close();
    expect(changes.map((e) => e.event)).toEqual(['OrderAccepted', 'OrderShipped', 'OrderDelivered']);
    expect(changes.map((e) => JSON.parse(e.data).status)).toEqual(['ACCEPTED', 'SHIPPED', 'DELIVERED']);
    const ids = [current, ...changes].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const resumed = await openEventStream(streamUrl, { authorization: `Bearer ${buyer.token}`, 'last-event-id': changes[0]!.id! });
    expect([(await resumed.next()).event, (await resumed.next()).event]).toEqual(['OrderShipped', 'OrderDelivered']);
    resumed.close();

    // A delivered order is final: no cancel, no second delivery.
    expect((await api('POST', `/api/v1/order/${orderId}/cancel`, { token: buyer.token, body: {} })).status).toBe(409);
    expect((await api('POST', `/api/v1/order/${orderId}/deliver`, { token: staffToken })).status).toBe(409);

    // One notification per change (newest written first: events of one topic may be consumed out of order, so
    // compared as a set), and the same messages as .eml files addressed to the buyer.
    const kinds = ['ORDER_ACCEPTED', 'ORDER_DELIVERED', 'ORDER_PAID', 'ORDER_SHIPPED'];
    await expect.poll(async () => (await inbox(buyer.token)).data.map((n: any) => n.kind).sort(), { timeout: 20_000 }).toEqual(kinds);
    const box = await inbox(buyer.token);
    expect(box.unread_count).toBe(4);
    expect(box.data.every((n: any) => n.order_id === orderId)).toBe(true);
    expect((await api('POST', `/api/v1/customer/notifications/${box.data[0].id}/read`, { token: buyer.token })).status).toBe(200);
    expect((await inbox(buyer.token)).unread_count).toBe(3);
    await expect
      .poll(
        async () =>
          (await mailsFor(orderId))
            .filter((m) => m.to === buyer.email)
            .map((m) => m.kind)
            .sort(),
        { timeout: 20_000 },
      )
      .toEqual(kinds);

    // Staff hear of the paid order once.
    const staffNotes = (await inbox(staffToken)).data.filter((n: any) => n.order_id === orderId);
    expect(staffNotes.map((n: any) => n.kind)).toEqual(['STAFF_ORDER_PAID']);
  }, 90_000);

  it('cancels a paid order: REFUNDED with money and stock back, and its referrer earns nothing', async () => {
    const referrer = await newCustomer('referrer');
    const code = (await api('GET', '/api/v1/customer/me', { token: referrer.token })).body.data.referral_code as string;
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    const buyer = await referredCustomer(code);
    await topUp(buyer.token, 10_000);
    const { orderId, productId, totalCents } = await paidOrder(buyer, 2000, 2);
    expect(await available(productId)).toBe(3);

    // Paid is not kept: the commission waits for the order to ship. The customer service has applied the OrderPaid
    // once the buyer's notification is there; payment would have credited a commission by the time it is refunded.
    await expect.poll(async () => (await inbox(buyer.token)).data.map((n: any) => n.kind), { timeout: 20_000 }).toContain('ORDER_PAID');

    // Another customer may not cancel it; staff must say why; the buyer may.
    const stranger = await newCustomer('stranger');
    expect((await api('POST', `/api/v1/order/${orderId}/cancel`, { token: stranger.token, body: {} })).status).toBe(404);
    const noReason = await api('POST', `/api/v1/order/${orderId}/cancel`, { token: staffToken, body: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toMatchObject({
      code: 'REASON_REQUIRED',
      details: { fields: [expect.objectContaining({ field: 'reason' })] },
    });
    const cancelled = await api('POST', `/api/v1/order/${orderId}/cancel`, { token: buyer.token, body: { reason: 'changed my mind' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data.status).toBe('CANCELLED');

    // Payment refunds, product returns the units; once both confirmed, the order is REFUNDED.
    await expect.poll(async () => (await order(buyer.token, orderId)).status, { timeout: 30_000 }).toBe('REFUNDED');
    expect((await order(buyer.token, orderId)).refund).toMatchObject({ refund_issued: true, stock_returned: true });
    expect(await wallet(buyer.token)).toMatchObject({ balance_cents: 10_000, frozen_cents: 0, debited_cents: 0 });
    const buyerHistory = (await history(buyer.token)).filter((p) => p.order_id === orderId);
    expect(buyerHistory.map((p) => [p.kind, p.amount_cents])).toEqual([['REFUND', totalCents]]);
    expect(await available(productId)).toBe(5);

    // The order was never kept, so its referrer earned nothing and nothing needed taking back.
    expect(await wallet(referrer.token)).toMatchObject({ balance_cents: 0, frozen_cents: 0, debited_cents: 0 });
    expect(await history(referrer.token)).toEqual([]);

    // The buyer heard of the cancellation and of the refund.
    await expect
      .poll(async () => (await inbox(buyer.token)).data.map((n: any) => n.kind).sort(), { timeout: 20_000 })
      .toEqual(['ORDER_CANCELLED', 'ORDER_PAID', 'ORDER_REFUNDED']);
    expect((await api('POST', `/api/v1/order/${orderId}/cancel`, { token: buyer.token, body: {} })).status).toBe(409);
  }, 120_000);

  it("earns the referrer's commission once the referred customer's order ships, once, never reversed", async () => {
    const referrer = await newCustomer('ship-referrer');
    const code = (await api('GET', '/api/v1/customer/me', { token: referrer.token })).body.data.referral_code as string;
    const buyer = await referredCustomer(code);
    await topUp(buyer.token, 10_000);
    const { orderId, totalCents } = await paidOrder(buyer, 2000, 2);
    const commission = Math.floor((totalCents * customer.referral_commission_percent) / 100);
    expect(commission).toBeGreaterThan(0);

    expect((await api('POST', `/api/v1/order/${orderId}/accept`, { token: staffToken })).status).toBe(200);
    // Accepted can still be cancelled: nothing earned yet.
    await expect.poll(async () => (await inbox(buyer.token)).data.map((n: any) => n.kind), { timeout: 20_000 }).toContain('ORDER_ACCEPTED');
    expect(await history(referrer.token)).toEqual([]);

    expect((await api('POST', `/api/v1/order/${orderId}/ship`, { token: staffToken })).status).toBe(200);
    await expect.poll(() => wallet(referrer.token), { timeout: 30_000 }).toMatchObject({ balance_cents: commission });
    expect((await api('POST', `/api/v1/order/${orderId}/deliver`, { token: staffToken })).status).toBe(200);
    await expect
      .poll(async () => (await inbox(buyer.token)).data.map((n: any) => n.kind), { timeout: 20_000 })
      .toContain('ORDER_DELIVERED');
    expect((await history(referrer.token)).map((p) => [p.kind, p.order_id, p.amount_cents])).toEqual([['COMMISSION', orderId, commission]]);
    expect(await wallet(referrer.token)).toMatchObject({ balance_cents: commission });
  }, 90_000);

  it('refuses to cancel a shipped order with 409 and the current status', async () => {
    const buyer = await newCustomer('late-cancel');
    await topUp(buyer.token, 5_000);
    const { orderId } = await paidOrder(buyer, 1000, 1);
    for (const step of ['accept', 'ship'])
      expect((await api('POST', `/api/v1/order/${orderId}/${step}`, { token: staffToken })).status).toBe(200);
    for (const token of [buyer.token, staffToken]) {
      const res = await api('POST', `/api/v1/order/${orderId}/cancel`, { token, body: { reason: 'too late' } });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'SHIPPED' } });
    }
    expect(await wallet(buyer.token)).toMatchObject({ balance_cents: 4000, debited_cents: 1000 });
  }, 60_000);

  it('leaves every order it made accounted for across the four databases (refund, returned units, commission)', async () => {
    const query = async (db: DatabaseName, sql: string, params: unknown[]) => (await pools[db].query(sql, params)).rows;
    expect(ordersMade.length).toBeGreaterThanOrEqual(3);
    expect(await findAfterPaymentViolations(query, ordersMade, customer.referral_commission_percent)).toEqual([]);
  });
});
