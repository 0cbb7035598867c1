import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createPool } from '../postgres/index.js';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue, testConfig } from '../testing/index.js';
import { createFakeBranches } from '../testing/fake-tcc-participant.js';
import { createTccCoordinator, readGlobalTx, startTccRecovery, type TccHandlers, type TccRecovery } from './index.js';

const metrics = initMetrics({ serviceName: 'tcc-recovery-test' });
const pool = createPool(testConfig().postgres, 'order');
afterAll(async () => {
  await pool.end();
  await metrics.shutdown();
});
const logger = pino({ level: 'silent' });
const NAMES = ['order', 'stock', 'payment'] as const;

class Crash extends Error {}
const crashAt = (point: string) => (step: string) => {
  if (step === point) throw new Crash(`process stopped at ${step}`);
};

const workers: TccRecovery[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});
const recover = (handlers: TccHandlers, backoff = { baseMs: 100, maxMs: 400 }, batchSize = 10) => {
  const worker = startTccRecovery({ pool, handlers, logger, intervalMs: 20, batchSize, backoff, leaseMs: 5000 });
  workers.push(worker);
  return worker;
};
const stateOf = async (xid: string) => (await readGlobalTx(pool, xid))?.state;

describe('TCC recovery (real order database, fake participants)', () => {
  it('confirms every branch of a transaction whose coordinator stopped right after logging CONFIRMING', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: {}, payment: {} });
    const xid = crypto.randomUUID();
    const coordinator = createTccCoordinator({ pool, handlers, logger, leaseMs: 100, crashAt: crashAt('after-confirming') });
    await expect(coordinator.run({ xid, branches, timeoutMs: 5000 })).rejects.toBeInstanceOf(Crash);
    expect(await stateOf(xid)).toBe('CONFIRMING');

    recover(handlers);
    await expect.poll(() => stateOf(xid), { timeout: 5000, interval: 20 }).toBe('CONFIRMED');
    for (const name of NAMES) {
      expect([name, participants[name]!.count('confirm', xid)]).toEqual([name, 1]);
      expect([name, participants[name]!.count('cancel', xid)]).toEqual([name, 0]);
    }
  });

  it('cancels a transaction left in TRYING, but only once its deadline has passed, with reason TIMEOUT', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: {}, payment: {} });
    const xid = crypto.randomUUID();
    const coordinator = createTccCoordinator({ pool, handlers, logger, crashAt: crashAt('after-tries') });
    await expect(coordinator.run({ xid, branches, timeoutMs: 600 })).rejects.toBeInstanceOf(Crash);

    recover(handlers);
    await sleep(200);
    expect(await stateOf(xid)).toBe('TRYING');
    await expect.poll(() => stateOf(xid), { timeout: 5000, interval: 20 }).toBe('CANCELLED');
    expect(await readGlobalTx(pool, xid)).toMatchObject({ reason: 'TIMEOUT' });
    for (const name of NAMES) {
      expect([name, participants[name]!.count('cancel', xid)]).toEqual([name, 1]);
      expect([name, participants[name]!.count('confirm', xid)]).toEqual([name, 0]);
    }
  });

  it('retries a failing confirm with exponential backoff until it succeeds', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, payment: { confirmFailures: 2 } });
    const backoff = { baseMs: 150, maxMs: 2000 };
    const retry = { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 };
    const result = await createTccCoordinator({ pool, handlers, logger, retry, backoff }).run({ branches, timeoutMs: 5000 });
    expect(result.state).toBe('CONFIRMING');

    recover(handlers, backoff);
    await expect.poll(() => stateOf(result.xid), { timeout: 5000, interval: 20 }).toBe('CONFIRMED');
    const [first, second, third] = participants.payment!.times('confirm', result.xid);
    expect(participants.payment!.count('confirm', result.xid)).toBe(3);
    // 150 ms after the in-line failure, then 300 ms after the first recovery round's failure (some slack for timers).
    expect(second! - first!).toBeGreaterThanOrEqual(130);
    expect(third! - second!).toBeGreaterThanOrEqual(280);
    expect(await readGlobalTx(pool, result.xid)).toMatchObject({ attempts: 2, lastError: null });
  });

  it('counts its rounds, failed and finished, and the final state it reached (finished_by recovery)', async () => {
    const ATTEMPTS = 'micro_ecommerce_tcc_recovery_attempts_total';
    const FINISHED = 'micro_ecommerce_tcc_transactions_total';
    const { handlers, branches } = createFakeBranches({ order: {}, payment: { confirmFailures: 2 } });
    const backoff = { baseMs: 100, maxMs: 400 };
    const retry = { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 };
    const before = await metrics.scrape();
    const result = await createTccCoordinator({ pool, handlers, logger, retry, backoff }).run({ branches, timeoutMs: 5000 });
    expect(result.state).toBe('CONFIRMING');

    recover(handlers, backoff);
    await expect.poll(() => stateOf(result.xid), { timeout: 5000, interval: 20 }).toBe('CONFIRMED');
    const after = await metrics.scrape();
    // At least: the worker may also finish what other tests left in the shared database.
    const moved = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved(ATTEMPTS, { state: 'CONFIRMING', result: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(moved(ATTEMPTS, { state: 'CONFIRMING', result: 'finished' })).toBeGreaterThanOrEqual(1);
    expect(moved(FINISHED, { state: 'CONFIRMED', finished_by: 'recovery' })).toBeGreaterThanOrEqual(1);
    // The coordinator's in-line confirm failed: it did not finish the transaction, so it did not count it.
    expect(moved(FINISHED, { finished_by: 'coordinator' })).toBe(0);
  });

  it('lets two concurrent workers finish 20 stuck transactions, each exactly once', async () => {
    const ok = createFakeBranches({ order: { callDelayMs: 5 }, stock: { callDelayMs: 5 }, payment: { callDelayMs: 5 } });
    const refused = new AppError('FAILED_PRECONDITION', 'no funds', { reason: 'INSUFFICIENT_FUNDS' });
    const ko = createFakeBranches({ order: { callDelayMs: 5 }, payment: { callDelayMs: 5, tryError: refused } });
    const confirming = createTccCoordinator({ pool, handlers: ok.handlers, logger, leaseMs: 0, crashAt: crashAt('after-confirming') });
    const cancelling = createTccCoordinator({ pool, handlers: ko.handlers, logger, leaseMs: 0, crashAt: crashAt('after-cancelling') });
    const toConfirm = Array.from({ length: 10 }, () => crypto.randomUUID());
    const toCancel = Array.from({ length: 10 }, () => crypto.randomUUID());
    for (const xid of toConfirm) await expect(confirming.run({ xid, branches: ok.branches, timeoutMs: 5000 })).rejects.toThrow(Crash);
    for (const xid of toCancel) await expect(cancelling.run({ xid, branches: ko.branches, timeoutMs: 5000 })).rejects.toThrow(Crash);

    const handlers = { ...ok.handlers, ...ko.handlers };
    recover(handlers, undefined, 3);
    recover(handlers, undefined, 3);
    const unfinished = async () => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM tcc_global_tx WHERE xid = ANY($1) AND state NOT IN ('CONFIRMED', 'CANCELLED')`,
        [[...toConfirm, ...toCancel]],
      );
      return rows[0].n as number;
    };
    await expect.poll(unfinished, { timeout: 10_000, interval: 50 }).toBe(0);

    for (const xid of toConfirm) {
      expect(await stateOf(xid)).toBe('CONFIRMED');
      for (const name of NAMES) expect([xid, name, ok.participants[name]!.count('confirm', xid)]).toEqual([xid, name, 1]);
    }
    for (const xid of toCancel) {
      expect(await readGlobalTx(pool, xid)).toMatchObject({ state: 'CANCELLED', reason: 'INSUFFICIENT_FUNDS' });
      for (const name of ['order', 'payment']) expect([xid, name, ko.participants[name]!.count('cancel', xid)]).toEqual([xid, name, 1]);
    }
  });
});
