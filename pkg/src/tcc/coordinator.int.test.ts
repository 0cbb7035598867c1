import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createPool } from '../postgres/index.js';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue, testConfig } from '../testing/index.js';
import { createFakeBranches } from '../testing/fake-tcc-participant.js';
import { createTccCoordinator, readGlobalTx } from './index.js';

const metrics = initMetrics({ serviceName: 'tcc-coordinator-test' });
const pool = createPool(testConfig().postgres, 'order');
afterAll(async () => {
  await pool.end();
  await metrics.shutdown();
});
const logger = pino({ level: 'silent' });
const NAMES = ['order', 'stock', 'payment'] as const;

describe('TCC coordinator (real order database, fake participants)', () => {
  it('confirms every branch once after every try succeeded, and logs CONFIRMED', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: {}, payment: {} });
    const result = await createTccCoordinator({ pool, handlers, logger }).run({ branches, timeoutMs: 5000 });

    expect(result.state).toBe('CONFIRMED');
    expect(await readGlobalTx(pool, result.xid)).toMatchObject({ state: 'CONFIRMED', reason: null, branches });
    for (const name of NAMES) {
      expect([name, participants[name]!.count('try', result.xid)]).toEqual([name, 1]);
      expect([name, participants[name]!.count('confirm', result.xid)]).toEqual([name, 1]);
      expect([name, participants[name]!.count('cancel', result.xid)]).toEqual([name, 0]);
    }
  });

  it('cancels every branch, tried or not, with the reason of the refusing try', async () => {
    const outOfStock = new AppError('FAILED_PRECONDITION', 'not enough units', { reason: 'OUT_OF_STOCK' });
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: { tryError: outOfStock }, payment: {} });
    const result = await createTccCoordinator({ pool, handlers, logger }).run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CANCELLED', reason: 'OUT_OF_STOCK', error: outOfStock });
    expect(await readGlobalTx(pool, result.xid)).toMatchObject({ state: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    // Tries stop at the refusal: payment is never tried, yet it is cancelled (its barrier makes that an empty rollback).
    expect(participants.payment!.count('try', result.xid)).toBe(0);
    for (const name of NAMES) {
      expect([name, participants[name]!.count('cancel', result.xid)]).toEqual([name, 1]);
      expect([name, participants[name]!.count('confirm', result.xid)]).toEqual([name, 0]);
    }
  });

  it('cancels with reason TIMEOUT when a try is still running at the deadline, without waiting for it', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: {}, payment: { tryDelayMs: 1500 } });
    const started = Date.now();
    const result = await createTccCoordinator({ pool, handlers, logger }).run({ branches, timeoutMs: 200 });

    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ state: 'CANCELLED', reason: 'TIMEOUT' });
    expect(result.state === 'CANCELLED' && result.error.kind).toBe('DEADLINE_EXCEEDED');
    expect(await readGlobalTx(pool, result.xid)).toMatchObject({ state: 'CANCELLED', reason: 'TIMEOUT' });
    for (const name of NAMES) expect([name, participants[name]!.count('cancel', result.xid)]).toEqual([name, 1]);
  });

  it('cancels when the work before the tries fails, and refuses to start a transaction twice', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, payment: {} });
    const coordinator = createTccCoordinator({ pool, handlers, logger });
    const xid = crypto.randomUUID();
    const refused = new AppError('FAILED_PRECONDITION', 'cart is empty', { reason: 'EMPTY_CART' });
    const result = await coordinator.run({ xid, branches, timeoutMs: 5000, beforeTry: () => Promise.reject(refused) });

    expect(result).toMatchObject({ xid, state: 'CANCELLED', reason: 'EMPTY_CART' });
    expect(participants.order!.count('try', xid)).toBe(0);
    expect(participants.order!.count('cancel', xid)).toBe(1);
    await expect(coordinator.run({ xid, branches, timeoutMs: 5000 })).rejects.toMatchObject({ kind: 'ALREADY_EXISTS' });
  });

  it('cancels with reason TIMEOUT, not confirms, when the deadline passes between the last try and CONFIRMING', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, payment: {} });
    const slowClock = {
      ...participants.payment!.handler,
      // The try succeeds, but by the time it returns the logged deadline is behind the database clock.
      try: (xid: string) =>
        pool.query(`UPDATE tcc_global_tx SET deadline = now() - interval '1 second' WHERE xid = $1`, [xid]).then(() => {}),
    };
    const late = { ...handlers, [branches[1]!.type]: slowClock };
    const result = await createTccCoordinator({ pool, handlers: late, logger }).run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CANCELLED', reason: 'TIMEOUT' });
    expect(participants.order!.count('confirm', result.xid)).toBe(0);
    expect(participants.payment!.count('cancel', result.xid)).toBe(1);
  });

  it('leaves phase two to recovery when a confirm keeps failing in-line', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, payment: { confirmFailures: 5 } });
    const retry = { attempts: 2, initialDelayMs: 1, maxDelayMs: 5 };
    const result = await createTccCoordinator({ pool, handlers, logger, retry }).run({ branches, timeoutMs: 5000 });

    expect(result.state).toBe('CONFIRMING');
    expect(participants.payment!.count('confirm', result.xid)).toBe(2);
    expect(participants.order!.count('confirm', result.xid)).toBe(1);
    expect(await readGlobalTx(pool, result.xid)).toMatchObject({ state: 'CONFIRMING', attempts: 1, lastError: 'participant unavailable' });
    // Leave nothing unfinished in the shared database.
    await pool.query(`UPDATE tcc_global_tx SET state = 'CONFIRMED' WHERE xid = $1`, [result.xid]);
  });

  it('counts each transaction it brings to a final state, once, by that state', async () => {
    const FINISHED = 'micro_ecommerce_tcc_transactions_total';
    const series = (state: string) => ({ state, finished_by: 'coordinator' });
    const before = await metrics.scrape();
    const ok = createFakeBranches({ order: {}, payment: {} });
    const refused = new AppError('FAILED_PRECONDITION', 'no funds', { reason: 'INSUFFICIENT_FUNDS' });
    const ko = createFakeBranches({ order: {}, payment: { tryError: refused } });
    const confirmed = await createTccCoordinator({ pool, handlers: ok.handlers, logger }).run({ branches: ok.branches, timeoutMs: 5000 });
    const cancelled = await createTccCoordinator({ pool, handlers: ko.handlers, logger }).run({ branches: ko.branches, timeoutMs: 5000 });
    expect([confirmed.state, cancelled.state]).toEqual(['CONFIRMED', 'CANCELLED']);
    const after = await metrics.scrape();
    expect(sampleValue(after, FINISHED, series('CONFIRMED'))).toBe(sampleValue(before, FINISHED, series('CONFIRMED')) + 1);
    expect(sampleValue(after, FINISHED, series('CANCELLED'))).toBe(sampleValue(before, FINISHED, series('CANCELLED')) + 1);
  });
});
