import { createPool, DATABASES, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findViolations } from '../scripts/invariants.js';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { startSystem } from './support/system.js';

let system: Awaited<ReturnType<typeof startSystem>>;
const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(testConfig().postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
});

describe('checkout under contention', () => {
  it('sells exactly the 10 units of a SKU to 100 concurrent checkouts and cancels the other 90 as OUT_OF_STOCK', async () => {
    const adminToken = await loginAdmin();
    const skuId = await newSku(adminToken, 700, 10, 'Scarce');

    // 10 buyers with money for all their attempts, 10 concurrent checkouts each.
    const buyers = await Promise.all(Array.from({ length: 10 }, (_, i) => newCustomer(`rush${i}`)));
    for (const buyer of buyers) {
      const topup = await api('POST', '/api/v1/payment/topup', {
        token: buyer.token,
        body: { amount_cents: 7000, card_token: 'tok_visa' },
      });
      expect(topup.status).toBe(201);
    }
    const attempts = buyers.flatMap((buyer) => Array.from({ length: 10 }, () => buyer));
    const results = await Promise.all(
      attempts.map((buyer) => api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } })),
    );

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(90);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'OUT_OF_STOCK')).toBe(true);

    // 201 comes once the decision is durable; the stock and payment confirms follow in the background.
    const stock = async () => (await pools.product.query('select available, reserved, sold from skus where id = $1', [skuId])).rows[0];
    await expect.poll(stock, { timeout: 10_000 }).toEqual({ available: 0n, reserved: 0n, sold: 10n });
    const orders = await pools.order.query(
      `select status, cancel_reason, count(*)::int as n from orders o join order_items i on i.order_id = o.id
        where i.sku_id = $1 group by status, cancel_reason order by status`,
      [skuId],
    );
    expect(orders.rows).toEqual([
      { status: 'CANCELLED', cancel_reason: 'OUT_OF_STOCK', n: 90 },
      { status: 'PAID', cancel_reason: null, n: 10 },
    ]);
    const wallets = async () =>
      (
        await pools.payment.query(
          'select sum(debited_cents)::bigint as debited, sum(frozen_cents)::bigint as frozen from wallets where customer_id = any($1)',
          [buyers.map((b) => b.id)],
        )
      ).rows[0];
    await expect.poll(wallets, { timeout: 10_000 }).toEqual({ debited: 7000n, frozen: 0n });

    const violations = await findViolations(async (db, sql) => (await pools[db].query(sql)).rows);
    expect(violations.filter((v) => v.rows.length > 0).map((v) => v.invariant.name)).toEqual([]);
  });
});
