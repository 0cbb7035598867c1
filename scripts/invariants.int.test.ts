import { createPool, DATABASES, type DatabaseName, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { findViolations } from './invariants.js';

const config = testConfig();
const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(config.postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;
afterAll(() => Promise.all(Object.values(pools).map((pool) => pool.end())));

// Each case breaks an invariant inside transactions (one per database it writes) that are rolled back, and checks
// through those same transactions, so the shared databases are never left inconsistent.
const violationsWhileIn = async (writes: Partial<Record<DatabaseName, (client: PoolClient) => Promise<unknown>>>) => {
  const clients = new Map<DatabaseName, PoolClient>();
  try {
    for (const [database, write] of Object.entries(writes) as [DatabaseName, (client: PoolClient) => Promise<unknown>][]) {
      const client = await pools[database].connect();
      clients.set(database, client);
      await client.query('BEGIN');
      await write(client);
    }
    return await findViolations(async (db, sql) => (await (clients.get(db) ?? pools[db]).query(sql)).rows);
  } finally {
    for (const client of clients.values()) {
      await client.query('ROLLBACK');
      client.release();
    }
  }
};
const violationsWhile = (database: DatabaseName, breakIt: (client: PoolClient) => Promise<unknown>) =>
  violationsWhileIn({ [database]: breakIt });
const violated = (results: Awaited<ReturnType<typeof findViolations>>) =>
  results.filter((r) => r.rows.length > 0).map((r) => r.invariant.name);
const rowsOf = (results: Awaited<ReturnType<typeof findViolations>>, name: string) =>
  results.find((r) => r.invariant.name === name)?.rows ?? [];
const WALLET_SUM = 'per wallet: balance + frozen + debited = succeeded top-ups + commissions - taken reversals';
const CONSERVATION = 'per customer: balance + frozen + debited <= succeeded top-ups + commissions of orders kept (SHIPPED, DELIVERED)';

const newAccount = (client: PoolClient, id: string, referredBy: string | null = null) =>
  client.query(`insert into customers (id, email, password_hash, referred_by) values ($1, $2, 'x', $3)`, [
    id,
    `invariants-${id}@invariants.test`,
    referredBy,
  ]);
const newOrder = (client: PoolClient, id: string, customerId: string, status: string, totalCents: number) =>
  status === 'REFUNDED'
    ? client.query(
        `insert into orders (id, customer_id, status, total_cents, cancel_reason, cancelled_by, refund_issued_at, stock_returned_at)
         values ($1, $2, 'REFUNDED', $3, 'changed my mind', 'customer', now(), now())`,
        [id, customerId, totalCents],
      )
    : client.query(`insert into orders (id, customer_id, status, total_cents) values ($1, $2, $3, $4)`, [
        id,
        customerId,
        status,
        totalCents,
      ]);

describe('check-invariants', () => {
  it('finds money that no top-up explains', async () => {
    const results = await violationsWhile('payment', (client) =>
      client.query('insert into wallets (customer_id, balance_cents) values ($1, 500)', [crypto.randomUUID()]),
    );
    expect(violated(results)).toContain(WALLET_SUM);
  });

  it('counts commissions and what reversals took (not their shortfall) in the wallet sum', async () => {
    const customerId = crypto.randomUUID();
    const results = await violationsWhile('payment', async (client) => {
      // 500 credited, 200 of it taken back (300 short): 300 left.
      await client.query('insert into wallets (customer_id, balance_cents) values ($1, 300)', [customerId]);
      await client.query(
        `insert into payments (customer_id, kind, amount_cents, status, order_id, shortfall_cents)
         values ($1, 'COMMISSION', 500, 'SUCCEEDED', $2, 0), ($1, 'COMMISSION_REVERSAL', 500, 'SUCCEEDED', $2, 300)`,
        [customerId, crypto.randomUUID()],
      );
    });
    expect(rowsOf(results, WALLET_SUM).map((row) => row.id)).not.toContain(customerId);
  });

  it('finds a refund of another amount than its debit, and a refund of a debit that was not debited', async () => {
    const customerId = crypto.randomUUID();
    const [debited, frozen, shortRefund] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const results = await violationsWhile('payment', async (client) => {
      await client.query('insert into wallets (customer_id, balance_cents) values ($1, 0)', [customerId]);
      await client.query(
        `insert into payments (customer_id, kind, amount_cents, status, reference, xid, order_id)
         values ($1, 'DEBIT', 500, 'SUCCEEDED', $2, $2, null), ($1, 'REFUND', 400, 'SUCCEEDED', $2, null, $4),
                ($1, 'DEBIT', 700, 'PENDING', $3, $3, null), ($1, 'REFUND', 700, 'SUCCEEDED', $3, null, $5)`,
        [customerId, debited, frozen, shortRefund, crypto.randomUUID()],
      );
    });
    expect(rowsOf(results, 'per order: at most one REFUND, of its DEBIT amount').map((row) => row.id)).toContain(shortRefund);
    const undebited = rowsOf(results, 'per REFUND: its DEBIT (same xid and wallet) was debited').map((row) => row.xid);
    expect(undebited).toContain(frozen);
    expect(undebited).not.toContain(debited);
  });

  it('finds stock that no adjustment explains', async () => {
    const results = await violationsWhile('product', (client) =>
      client.query(`insert into skus (product_id, price_cents, available) values ('test-product', 100, 7)`),
    );
    expect(violated(results)).toContain('per SKU: available + reserved + sold = initial stock + adjustments');
  });

  it('finds the money the referral minting loop left: a commission of a refunded order, spent, written off as shortfall', async () => {
    // What the old rule left after one cycle (issue 20): referred B topped up 120000, paid order O1, referrer R was
    // credited 6000 and spent it on O2; O1 was cancelled (the reversal found R's balance empty: 6000 short), then O2
    // (refunded to R's balance). R holds 6000 that no top-up and no kept order explains.
    const [referrer, referred, paid, spent] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const [paidXid, spentXid] = [crypto.randomUUID(), crypto.randomUUID()];
    const results = await violationsWhileIn({
      customer: async (client) => {
        await newAccount(client, referrer);
        await newAccount(client, referred, referrer);
      },
      order: async (client) => {
        await newOrder(client, paid, referred, 'REFUNDED', 120_000);
        await newOrder(client, spent, referrer, 'REFUNDED', 6_000);
      },
      payment: async (client) => {
        await client.query('insert into wallets (customer_id, balance_cents) values ($1, 6000), ($2, 120000)', [referrer, referred]);
        await client.query(
          `insert into payments (customer_id, kind, amount_cents, status, reference, xid, order_id, shortfall_cents) values
             ($2, 'TOPUP', 120000, 'SUCCEEDED', 'card', null, null, 0),
             ($2, 'DEBIT', 120000, 'SUCCEEDED', $5, $5, null, 0), ($2, 'REFUND', 120000, 'SUCCEEDED', $5, null, $3, 0),
             ($1, 'COMMISSION', 6000, 'SUCCEEDED', $3::text, null, $3, 0),
             ($1, 'COMMISSION_REVERSAL', 6000, 'SUCCEEDED', $3::text, null, $3, 6000),
             ($1, 'DEBIT', 6000, 'SUCCEEDED', $6, $6, null, 0), ($1, 'REFUND', 6000, 'SUCCEEDED', $6, null, $4, 0)`,
          [referrer, referred, paid, spent, paidXid, spentXid],
        );
      },
    });
    // The old checks all pass on it: every movement is booked.
    expect(rowsOf(results, WALLET_SUM).map((row) => row.id)).not.toContain(referrer);
    const rows = rowsOf(results, CONSERVATION);
    expect(rows).toContainEqual({ id: referrer, held: 6000n, topped_up: 0n, kept_commissions: 0n });
    expect(rows.map((row) => row.id)).not.toContain(referred);
  });

  it('explains a commission by its order only while that order is SHIPPED or DELIVERED, and checks only known customers', async () => {
    const [referrer, referred, stranger] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const [shipped, delivered, accepted] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const results = await violationsWhileIn({
      customer: async (client) => {
        await newAccount(client, referrer);
        await newAccount(client, referred, referrer);
      },
      order: async (client) => {
        await newOrder(client, shipped, referred, 'SHIPPED', 2_000);
        await newOrder(client, delivered, referred, 'DELIVERED', 2_000);
        await newOrder(client, accepted, referred, 'ACCEPTED', 2_000);
      },
      payment: async (client) => {
        // 100 + 100 from kept orders, 100 from an order that can still be cancelled; a wallet of an unknown id.
        await client.query('insert into wallets (customer_id, balance_cents) values ($1, 300), ($2, 100)', [referrer, stranger]);
        await client.query(
          `insert into payments (customer_id, kind, amount_cents, status, reference, order_id) values
             ($1, 'COMMISSION', 100, 'SUCCEEDED', $2::text, $2::uuid), ($1, 'COMMISSION', 100, 'SUCCEEDED', $3::text, $3::uuid),
             ($1, 'COMMISSION', 100, 'SUCCEEDED', $4::text, $4::uuid), ($5, 'COMMISSION', 100, 'SUCCEEDED', $6::text, $6::uuid)`,
          [referrer, shipped, delivered, accepted, stranger, crypto.randomUUID()],
        );
      },
    });
    const rows = rowsOf(results, CONSERVATION);
    expect(rows).toContainEqual({ id: referrer, held: 300n, topped_up: 0n, kept_commissions: 200n });
    expect(rows.map((row) => row.id)).not.toContain(stranger);
  });
});
