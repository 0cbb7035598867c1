import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { Hono } from 'hono';
import type { BenchSku } from './catalog.js';

// The checkout's business rows (order + lines, stock moves, wallet debit, payment record) written in ONE local
// PostgreSQL transaction, in a scratch schema of the order database: what checkout would cost if the three
// services shared one database. The TCC path additionally writes the global transaction log, barrier rows and
// reservations, and crosses three processes and two gRPC hops per phase. It takes the same request body as
// POST /api/v1/order; the customer comes in x-customer-id instead of a token.
const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS bench;
  CREATE TABLE IF NOT EXISTS bench.skus (id uuid PRIMARY KEY, price_cents bigint NOT NULL, available bigint NOT NULL CHECK (available >= 0), sold bigint NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS bench.wallets (customer_id uuid PRIMARY KEY, balance_cents bigint NOT NULL CHECK (balance_cents >= 0), debited_cents bigint NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS bench.orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL, status text NOT NULL, total_cents bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench.order_items (order_id uuid NOT NULL REFERENCES bench.orders (id), sku_id uuid NOT NULL, quantity bigint NOT NULL, unit_price_cents bigint NOT NULL, PRIMARY KEY (order_id, sku_id));
  CREATE TABLE IF NOT EXISTS bench.payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL, kind text NOT NULL, amount_cents bigint NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  TRUNCATE bench.order_items, bench.orders, bench.payments, bench.skus, bench.wallets;
`;

/** Recreates the scratch tables (emptied: each run starts as small as the services' fresh rows) with the bench's SKUs and wallets. */
export const prepareBaseline = async (
  pool: Pool,
  skus: readonly BenchSku[],
  stock: number,
  customerIds: readonly string[],
  walletCents: number,
): Promise<void> => {
  await pool.query(SCHEMA);
  await pool.query(
    'INSERT INTO bench.skus (id, price_cents, available) SELECT id, price, $3 FROM unnest($1::uuid[], $2::bigint[]) AS t(id, price)',
    [skus.map((sku) => sku.skuId), skus.map((sku) => sku.priceCents), stock],
  );
  await pool.query('INSERT INTO bench.wallets (customer_id, balance_cents) SELECT id, $2 FROM unnest($1::uuid[]) AS t(id)', [
    customerIds,
    walletCents,
  ]);
};

interface Line {
  sku_id: string;
  quantity: number;
}

class Refused extends Error {}

/** POST /checkout: the same business writes as POST /api/v1/order for the same lines, in one transaction. */
export const baselineApp = (pool: Pool) =>
  new Hono().post('/checkout', async (c) => {
    const customerId = c.req.header('x-customer-id');
    // Sorted, so that two orders lock shared SKU rows in the same order and never deadlock.
    const lines = ((await c.req.json()) as { items: Line[] }).items.toSorted((a, b) => a.sku_id.localeCompare(b.sku_id));
    try {
      const order = await withTransaction(pool, async (client) => {
        const ids = lines.map((line) => line.sku_id);
        const quantities = lines.map((line) => line.quantity);
        const skus = await client.query(
          `UPDATE bench.skus SET available = available - t.quantity, sold = sold + t.quantity
             FROM unnest($1::uuid[], $2::bigint[]) AS t(id, quantity)
            WHERE skus.id = t.id AND available >= t.quantity RETURNING skus.id, price_cents`,
          [ids, quantities],
        );
        if (skus.rowCount !== lines.length) throw new Refused('OUT_OF_STOCK');
        const prices = new Map(skus.rows.map((row) => [row.id as string, BigInt(row.price_cents)]));
        const total = lines.reduce((sum, line) => sum + prices.get(line.sku_id)! * BigInt(line.quantity), 0n);
        const wallet = await client.query(
          `UPDATE bench.wallets SET balance_cents = balance_cents - $2, debited_cents = debited_cents + $2
            WHERE customer_id = $1 AND balance_cents >= $2`,
          [customerId, total.toString()],
        );
        if (wallet.rowCount !== 1) throw new Refused('INSUFFICIENT_FUNDS');
        const { rows } = await client.query(
          `INSERT INTO bench.orders (customer_id, status, total_cents) VALUES ($1, 'PAID', $2) RETURNING id`,
          [customerId, total.toString()],
        );
        await client.query(
          `INSERT INTO bench.order_items (order_id, sku_id, quantity, unit_price_cents)
           SELECT $1, * FROM unnest($2::uuid[], $3::bigint[], $4::bigint[])`,
          [rows[0].id, ids, quantities, ids.map((id) => prices.get(id)!.toString())],
        );
        await client.query(`INSERT INTO bench.payments (customer_id, kind, amount_cents, status) VALUES ($1, 'DEBIT', $2, 'SUCCEEDED')`, [
          customerId,
          total.toString(),
        ]);
        return rows[0].id as string;
      });
      return c.json({ data: { id: order, status: 'PAID' } }, 201);
    } catch (error) {
      if (error instanceof Refused) return c.json({ error: { code: error.message } }, 409);
      throw error;
    }
  });
