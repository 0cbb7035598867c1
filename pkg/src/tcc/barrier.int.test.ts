import { afterAll, describe, expect, it } from 'vitest';
import { createPool, withTransaction } from '../postgres/index.js';
import { testConfig } from '../testing/index.js';
import { withBarrier, type BranchPhase } from './index.js';

// The barrier guards a real business change: freezing and unfreezing money in the payment database's wallets.
const pool = createPool(testConfig().postgres, 'payment');
afterAll(() => pool.end());

const newWallet = async (balance: number) => {
  const customerId = crypto.randomUUID();
  // With the top-up that explains the balance, so `make check-invariants` still holds afterwards.
  await withTransaction(pool, async (client) => {
    await client.query('insert into wallets (customer_id, balance_cents) values ($1, $2)', [customerId, balance]);
    await client.query(`insert into payments (customer_id, kind, amount_cents, status) values ($1, 'TOPUP', $2, 'SUCCEEDED')`, [
      customerId,
      balance,
    ]);
  });
  return customerId;
};
const wallet = async (customerId: string) => {
  const { rows } = await pool.query('select balance_cents, frozen_cents, debited_cents from wallets where customer_id = $1', [customerId]);
  return { balance: Number(rows[0].balance_cents), frozen: Number(rows[0].frozen_cents), debited: Number(rows[0].debited_cents) };
};

const MOVES: Record<BranchPhase, string> = {
  try: 'balance_cents = balance_cents - $2, frozen_cents = frozen_cents + $2',
  confirm: 'frozen_cents = frozen_cents - $2, debited_cents = debited_cents + $2',
  cancel: 'frozen_cents = frozen_cents - $2, balance_cents = balance_cents + $2',
};
const run = (xid: string, customerId: string, phase: BranchPhase, amount = 30) =>
  withTransaction(pool, (client) =>
    withBarrier(client, { xid, branchId: 'payment' }, phase, async () => {
      await client.query(`update wallets set ${MOVES[phase]} where customer_id = $1`, [customerId, amount]);
    }),
  );

describe('TCC participant barrier (real PostgreSQL)', () => {
  it('runs try and confirm once each, however often they are delivered', async () => {
    const customer = await newWallet(100);
    const xid = crypto.randomUUID();
    expect(await run(xid, customer, 'try')).toBe('applied');
    expect(await run(xid, customer, 'try')).toBe('duplicate');
    expect(await wallet(customer)).toEqual({ balance: 70, frozen: 30, debited: 0 });
    expect(await run(xid, customer, 'confirm')).toBe('applied');
    expect(await run(xid, customer, 'confirm')).toBe('duplicate');
    expect(await wallet(customer)).toEqual({ balance: 70, frozen: 0, debited: 30 });
  });

  it('applies one of many concurrent duplicate confirms', async () => {
    const customer = await newWallet(100);
    const xid = crypto.randomUUID();
    await run(xid, customer, 'try');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => run(xid, customer, 'confirm')));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(await wallet(customer)).toEqual({ balance: 70, frozen: 0, debited: 30 });
  });

  it('undoes a try once on cancel, and ignores a duplicate cancel', async () => {
    const customer = await newWallet(100);
    const xid = crypto.randomUUID();
    await run(xid, customer, 'try');
    expect(await run(xid, customer, 'cancel')).toBe('applied');
    expect(await run(xid, customer, 'cancel')).toBe('duplicate');
    expect(await wallet(customer)).toEqual({ balance: 100, frozen: 0, debited: 0 });
  });

  it('treats a cancel before any try as an empty rollback and refuses the late try (anti-suspension)', async () => {
    const customer = await newWallet(100);
    const xid = crypto.randomUUID();
    expect(await run(xid, customer, 'cancel')).toBe('empty-rollback');
    expect(await wallet(customer)).toEqual({ balance: 100, frozen: 0, debited: 0 });
    expect(await run(xid, customer, 'try')).toBe('suspended');
    expect(await wallet(customer)).toEqual({ balance: 100, frozen: 0, debited: 0 });
  });

  it('writes no barrier row when the business change fails, so a retry can still apply', async () => {
    const customer = await newWallet(10);
    const xid = crypto.randomUUID();
    // A freeze of -5 would make frozen negative: the CHECK (frozen_cents >= 0) constraint rejects it and the
    // transaction rolls back. (The balance may go below zero since a commission reversal can leave a debt.)
    await expect(run(xid, customer, 'try', -5)).rejects.toThrow(/check constraint/);
    const { rowCount } = await pool.query('select 1 from tcc_barrier where xid = $1', [xid]);
    expect(rowCount).toBe(0);
    expect(await run(xid, customer, 'try', 5)).toBe('applied');
  });
});
