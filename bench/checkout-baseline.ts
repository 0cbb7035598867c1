import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { Hono } from 'hono';

// The checkout's business rows (order + line, stock move, wallet debit, payment record) written in ONE local
// PostgreSQL transaction, in a scratch schema of the order database: what checkout would cost if the three
// services shared one database. The TCC path additionally writes the global transaction log, barrier rows and
// reservations, and crosses three processes and two gRPC hops per phase.
const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS bench;
  CREATE TABLE IF NOT EXISTS bench.skus (id uuid PRIMARY KEY, price_cents bigint NOT NULL, available bigint NOT NULL CHECK (available >= 0), sold bigint NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS bench.wallets (customer_id uuid PRIMARY KEY, balance_cents bigint NOT NULL CHECK (balance_cents >= 0), debited_cents bigint NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS bench.orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL, status text NOT NULL, total_cents bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench.order_items (order_id uuid NOT NULL REFERENCES bench.orders (id), sku_id uuid NOT NULL, quantity bigint NOT NULL, unit_price_cents bigint NOT NULL, PRIMARY KEY (order_id, sku_id));
  CREATE TABLE IF NOT EXISTS bench.payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL, kind text NOT NULL, amount_cents bigint NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
`;

/** Creates the scratch tables with one SKU and one wallet, and returns their ids. */
export const prepareBaseline = async (pool: Pool, priceCents: number): Promise<{ skuId: string; customerId: string }> => {
  await pool.query(SCHEMA);
  const skuId = crypto.randomUUID();
  const customerId = crypto.randomUUID();
  await pool.query('INSERT INTO bench.skus (id, price_cents, available) VALUES ($1, $2, 100000000)', [skuId, priceCents]);
  await pool.query('INSERT INTO bench.wallets (customer_id, balance_cents) VALUES ($1, 100000000000)', [customerId]);
  return { skuId, customerId };
};

/** POST /checkout: the same business writes as a one-unit checkout, in one transaction. */
export const baselineApp = (pool: Pool, ids: { skuId: string; customerId: string }) =>
  new Hono().post('/checkout', async (c) => {
    const order = await withTransaction(pool, async (client) => {
      const sku = await client.query(
        'UPDATE bench.skus SET available = available - 1, sold = sold + 1 WHERE id = $1 AND available >= 1 RETURNING price_cents',
        [ids.skuId],
      );
      const price = sku.rows[0]!.price_cents;
      await client.query(
        'UPDATE bench.wallets SET balance_cents = balance_cents - $2, debited_cents = debited_cents + $2 WHERE customer_id = $1',
        [ids.customerId, price],
      );
      const { rows } = await client.query(
        `INSERT INTO bench.orders (customer_id, status, total_cents) VALUES ($1, 'PAID', $2) RETURNING id`,
        [ids.customerId, price],
      );
      await client.query('INSERT INTO bench.order_items (order_id, sku_id, quantity, unit_price_cents) VALUES ($1, $2, 1, $3)', [
        rows[0].id,
        ids.skuId,
        price,
      ]);
      await client.query(`INSERT INTO bench.payments (customer_id, kind, amount_cents, status) VALUES ($1, 'DEBIT', $2, 'SUCCEEDED')`, [
        ids.customerId,
        price,
      ]);
      return rows[0].id as string;
    });
    return c.json({ data: { id: order, status: 'PAID' } }, 201);
  });
