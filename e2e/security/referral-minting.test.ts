import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newSku } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { startSystem, stageConfig } from '../support/system.js';

// Issue 20, class 2: one person holds two accounts, the second signed up with the first's referral code (sign-up
// proves nothing about who is behind an address). From a single top-up they pay an order on the referred account,
// spend the referrer's commission on an order of its own, cancel both and start again. Under the rule that
// earned the commission on payment, its reversal could only take what the balance still held, so each cycle left
// the referrer a commission it never had to give back. The referrer topped up nothing and had no order kept, so
// whatever it holds or has spent must stay zero, cycle after cycle.

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
});
afterAll(() => system?.stop());

const percent: number = stageConfig.services.customer.referral_commission_percent;
const ORDER_CENTS = 120_000;
const CYCLES = 3;

interface Wallet {
  balance_cents: number;
  frozen_cents: number;
  debited_cents: number;
}
const wallet = async (token: string): Promise<Wallet> => (await api('GET', '/api/v1/payment/wallet', { token })).body.data;
const held = (w: Wallet) => w.balance_cents + w.frozen_cents + w.debited_cents;
const orderStatus = async (token: string, id: string) => (await api('GET', `/api/v1/order/${id}`, { token })).body.data.status as string;
const inboxKinds = async (token: string, orderId: string) =>
  ((await api('GET', '/api/v1/customer/notifications?page_size=100', { token })).body.data as any[])
    .filter((n) => n.order_id === orderId)
    .map((n) => n.kind as string);
const history = async (token: string) => (await api('GET', '/api/v1/payment?page_size=100', { token })).body.data as any[];

const buy = async (token: string, priceCents: number) => {
  const skuId = await newSku(adminToken, priceCents, 1, 'Minting Loop');
  const res = await api('POST', '/api/v1/order', { token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
};

const cancelAndAwaitRefund = async (token: string, orderId: string) => {
  const res = await api('POST', `/api/v1/order/${orderId}/cancel`, { token, body: { reason: 'changed my mind' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(
    await pollUntil(
      () => orderStatus(token, orderId),
      (s) => s === 'REFUNDED',
      30_000,
    ),
  ).toBe('REFUNDED');
};

describe('the referral minting loop', () => {
  it('leaves the referrer no money it did not top up, however often paid orders are cancelled', async () => {
    const referrer = await newCustomer('minting-referrer');
    const code = (await api('GET', '/api/v1/customer/me', { token: referrer.token })).body.data.referral_code as string;
    const referred = await newCustomer('minting-referred', code);

    // The only money that ever enters: one top-up of the referred account.
    const topUp = await api('POST', '/api/v1/payment/topup', {
      token: referred.token,
      body: { amount_cents: ORDER_CENTS, card_token: 'tok_visa' },
    });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
    expect(Math.floor((ORDER_CENTS * percent) / 100)).toBeGreaterThan(0);

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const paid = await buy(referred.token, ORDER_CENTS);
      // The customer service has applied the OrderPaid once the buyer's notification is there; give the payment
      // service a moment to credit whatever commission it was told to.
      await pollUntil(
        () => inboxKinds(referred.token, paid),
        (kinds) => kinds.includes('ORDER_PAID'),
      );
      const credited = await pollUntil(
        () => wallet(referrer.token),
        (w) => w.balance_cents > 0,
        5_000,
      );

      // Spend whatever the referrer holds before the reversal can take it back.
      const spent = credited.balance_cents > 0 ? await buy(referrer.token, credited.balance_cents) : null;
      await cancelAndAwaitRefund(referred.token, paid);
      // Let any reversal of a commission on the cancelled order land before the referrer's own refund.
      await pollUntil(
        async () => (await history(referrer.token)).filter((p) => p.order_id === paid).map((p) => p.kind as string),
        (kinds) => !kinds.includes('COMMISSION') || kinds.includes('COMMISSION_REVERSAL'),
      );
      if (spent !== null) await cancelAndAwaitRefund(referrer.token, spent);

      // Nothing was topped up on the referrer's account and no order was kept: it may hold nothing, and the
      // referred account no more than its top-up.
      const referrerWallet = await wallet(referrer.token);
      expect(held(referrerWallet), `referrer after cycle ${cycle}: ${JSON.stringify(referrerWallet)}`).toBe(0);
      expect(held(await wallet(referred.token))).toBe(ORDER_CENTS);
    }
  }, 240_000);
});
