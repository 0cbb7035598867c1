import { createPool, DATABASES, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCheckoutViolations } from '../scripts/checkout-invariants.js';
import { findViolations } from '../scripts/invariants.js';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { gatewayUrl, startSystem } from './support/system.js';
import { untilOrderCircuitLetsCallsThrough } from './support/order-circuits.js';

// Crash recovery of checkout (DESIGN.md §6) with real processes: the target service is restarted with its
// test-only crash_at setting, so it exits with 137 at exactly the named step (no cleanup, like kill -9); it is
// then restarted without it and the order service's recovery worker must drive the transaction to a terminal
// state that every database agrees on.

let system: Awaited<ReturnType<typeof startSystem>>;
const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(testConfig().postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;

const PRICE_CENTS = 700;
const QUANTITY = 2;
const STOCK = 5;
const TOP_UP_CENTS = 5000;

type Target = 'order' | 'payment' | 'product';
interface Scenario {
  target: Target;
  step: string;
  outcome: 'PAID' | 'CANCELLED';
  why: string;
  /** The status the client must have received before the crash, when the crash point comes after the answer. */
  answered?: number;
}

const SCENARIOS: Scenario[] = [
  { target: 'order', step: 'after-tries', outcome: 'CANCELLED', why: 'TRYING past its deadline is cancelled (TIMEOUT)' },
  { target: 'order', step: 'after-confirming', outcome: 'PAID', why: 'CONFIRMING is confirmed once the lease ends' },
  { target: 'order', step: 'after-confirm:stock', outcome: 'PAID', why: 'the remaining confirms run, stock again as a duplicate' },
  {
    target: 'order',
    step: 'before-phase-two',
    outcome: 'PAID',
    why: 'answered 201 PAID before the stock and payment confirms; recovery runs them, once',
    answered: 201,
  },
  { target: 'payment', step: 'try-debit:before-commit', outcome: 'CANCELLED', why: 'the try rolled back; cancel is empty' },
  { target: 'payment', step: 'try-debit:after-commit', outcome: 'CANCELLED', why: 'the unanswered try is undone by cancel' },
  { target: 'payment', step: 'confirm-debit:after-commit', outcome: 'PAID', why: 'the repeated confirm is a duplicate' },
  { target: 'product', step: 'try-reserve:before-commit', outcome: 'CANCELLED', why: 'the try rolled back; cancel is empty' },
  { target: 'product', step: 'confirm-reserve:after-commit', outcome: 'PAID', why: 'the repeated confirm is a duplicate' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let adminToken: string;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
});
afterAll(async () => {
  await system?.stop();
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
});

// The checkout may never be answered (the order service died under it): bounded, and a timeout is an answer too.
const checkout = async (token: string, skuId: string): Promise<{ status: number; body: any } | 'no answer'> => {
  try {
    const res = await fetch(`${gatewayUrl}/api/v1/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ items: [{ sku_id: skuId, quantity: QUANTITY }] }),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch {
    return 'no answer';
  }
};

// The buyer's latest global transaction, found through its payment branch (it exists from the first log write).
const latestTx = async (customerId: string) => {
  const { rows } = await pools.order.query<{ xid: string; state: string; reason: string | null }>(
    `select xid, state, reason from tcc_global_tx where branches @> $1::jsonb order by created_at desc limit 1`,
    [JSON.stringify([{ type: 'payment', payload: { customer_id: customerId } }])],
  );
  return rows[0];
};

const waitForTerminal = async (customerId: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  let tx = await latestTx(customerId);
  while (Date.now() < deadline && (tx === undefined || !['CONFIRMED', 'CANCELLED'].includes(tx.state))) {
    await sleep(250);
    tx = await latestTx(customerId);
  }
  return tx;
};

const stateOf = async (xid: string, skuId: string, customerId: string) => ({
  order: (await pools.order.query('select status from orders where xid = $1', [xid])).rows[0]?.status ?? 'none',
  stock: (await pools.product.query('select available, reserved, sold from skus where id = $1', [skuId])).rows[0],
  wallet: (await pools.payment.query('select balance_cents, frozen_cents, debited_cents from wallets where customer_id = $1', [customerId]))
    .rows[0],
  debit:
    (await pools.payment.query(`select status, amount_cents from payments where xid = $1 and kind = 'DEBIT'`, [xid])).rows[0] ?? 'none',
});

describe('checkout crash recovery', () => {
  it.each(SCENARIOS)(
    '$target crashing at $step ends $outcome ($why)',
    async ({ target, step, outcome, answered }) => {
      const skuId = await newSku(adminToken, PRICE_CENTS, STOCK, 'Crash');
      const buyer = await newCustomer(`crash-${target}`);
      const topUp = await api('POST', '/api/v1/payment/topup', {
        token: buyer.token,
        body: { amount_cents: TOP_UP_CENTS, card_token: 'tok_visa' },
      });
      expect(topUp.status).toBe(201);

      const proc = system.processes[target]!;
      await proc.stop();
      await proc.start({ [`CONFIG__SERVICES__${target.toUpperCase()}__CRASH_AT`]: step });
      // The calls order's recovery made to a participant the previous scenario killed may have opened the circuit
      // to it: the checkout must reach the participant to hit its crash point.
      if (target !== 'order') await untilOrderCircuitLetsCallsThrough(target);
      const answer = checkout(buyer.token, skuId);
      expect(await proc.waitForExit(20_000)).toBe(137);
      await proc.start();
      const response = await answer;

      const tx = await waitForTerminal(buyer.id, 40_000);
      expect(tx?.state).toBe(outcome === 'PAID' ? 'CONFIRMED' : 'CANCELLED');
      // Whatever the client was told (an error, 202 while phase two finishes in the background, no answer at
      // all), it was never told PAID for a transaction that ended cancelled.
      if (response !== 'no answer' && (response.status === 201 || response.body?.data?.status === 'PAID')) expect(outcome).toBe('PAID');
      if (answered !== undefined)
        expect(response === 'no answer' ? response : [response.status, response.body?.data?.status]).toEqual([answered, 'PAID']);

      const total = PRICE_CENTS * QUANTITY;
      const state = await stateOf(tx!.xid, skuId, buyer.id);
      if (outcome === 'PAID') {
        expect(state).toEqual({
          order: 'PAID',
          stock: { available: BigInt(STOCK - QUANTITY), reserved: 0n, sold: BigInt(QUANTITY) },
          wallet: { balance_cents: BigInt(TOP_UP_CENTS - total), frozen_cents: 0n, debited_cents: BigInt(total) },
          debit: { status: 'SUCCEEDED', amount_cents: BigInt(total) },
        });
      } else {
        expect(state.order).toBe('CANCELLED');
        expect(state.stock).toEqual({ available: BigInt(STOCK), reserved: 0n, sold: 0n });
        expect(state.wallet).toEqual({ balance_cents: BigInt(TOP_UP_CENTS), frozen_cents: 0n, debited_cents: 0n });
        expect(['none', 'CANCELLED']).toContain(state.debit === 'none' ? 'none' : state.debit.status);
      }

      expect(await findCheckoutViolations(async (db, sql, params) => (await pools[db].query(sql, params)).rows, [tx!.xid])).toEqual([]);
      const violations = await findViolations(async (db, sql) => (await pools[db].query(sql)).rows);
      expect(violations.filter((v) => v.rows.length > 0).map((v) => v.invariant.name)).toEqual([]);
    },
    90_000,
  );
});
