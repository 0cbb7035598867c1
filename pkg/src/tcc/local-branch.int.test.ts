import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createPool, withTransaction } from '../postgres/index.js';
import { testConfig } from '../testing/index.js';
import { createFakeBranches, type FakeParticipant } from '../testing/fake-tcc-participant.js';
import { createTccCoordinator, readGlobalTx, type LocalBranch } from './index.js';

// The coordinator with a local branch (its try riding on the log's begin, its confirm on the decision) and phase
// two in the background: what each outcome leaves in the log and which participant calls it makes.

const pool = createPool(testConfig().postgres, 'order');
afterAll(() => pool.end());
const logger = pino({ level: 'silent' });

/** A local branch over the fake order participant: its try and confirm are counted on the fake. */
const localOrder = (order: FakeParticipant, options: { confirmWithFails?: boolean } = {}) => {
  const decidedWith: string[] = [];
  const local: LocalBranch = {
    branchId: 'order',
    tryWith: (xid, payload, begin) =>
      withTransaction(pool, async (client) => {
        await begin(client);
        await order.handler.try(xid, payload);
      }),
    async confirmWith(xid, _payload, decide) {
      if (options.confirmWithFails) throw new Error('the broker is down');
      return withTransaction(pool, async (client) => {
        const decided = await decide(client);
        if (decided) decidedWith.push(xid);
        return decided;
      });
    },
  };
  return { local, decidedWith };
};

const settled = (xid: string) => expect.poll(async () => (await readGlobalTx(pool, xid))?.state, { timeout: 5000 });

describe('TCC coordinator with a local branch and phase two in the background', () => {
  it('answers once the decision (with the local confirm) is durable, then confirms the others in parallel', async () => {
    const { participants, handlers, branches } = createFakeBranches({
      order: {},
      stock: { callDelayMs: 100 },
      payment: { callDelayMs: 100 },
    });
    const { local, decidedWith } = localOrder(participants.order!);
    const coordinator = createTccCoordinator({ pool, handlers, logger, local, phaseTwo: 'background' });

    const result = await coordinator.run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CONFIRMING', localConfirmed: true });
    expect(decidedWith).toEqual([result.xid]);
    await settled(result.xid).toBe('CONFIRMED');
    // The order's confirm came with the decision: phase two never calls it.
    expect(participants.order!.count('confirm', result.xid)).toBe(0);
    const [stockAt] = participants.stock!.times('confirm', result.xid);
    const [paymentAt] = participants.payment!.times('confirm', result.xid);
    // In parallel: the second confirm did not wait for the first one's 100 ms.
    expect(Math.abs(stockAt! - paymentAt!)).toBeLessThan(80);
  });

  it('logs nothing and calls no other participant when the local try refuses', async () => {
    const taken = new AppError('ALREADY_EXISTS', 'key used', { reason: 'IDEMPOTENCY_KEY_IN_USE' });
    const { participants, handlers, branches } = createFakeBranches({ order: { tryError: taken }, stock: {}, payment: {} });
    const { local } = localOrder(participants.order!);
    const result = await createTccCoordinator({ pool, handlers, logger, local, phaseTwo: 'background' }).run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CANCELLED', reason: 'IDEMPOTENCY_KEY_IN_USE' });
    expect(await readGlobalTx(pool, result.xid)).toBeUndefined();
    for (const name of ['stock', 'payment']) expect([name, participants[name]!.count('try', result.xid)]).toEqual([name, 0]);
  });

  it('decides alone when the local confirm cannot ride on the decision, and confirms it in phase two', async () => {
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: {}, payment: {} });
    const { local } = localOrder(participants.order!, { confirmWithFails: true });
    const result = await createTccCoordinator({ pool, handlers, logger, local, phaseTwo: 'background' }).run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CONFIRMING', localConfirmed: false });
    await settled(result.xid).toBe('CONFIRMED');
    for (const name of ['order', 'stock', 'payment']) expect([name, participants[name]!.count('confirm', result.xid)]).toEqual([name, 1]);
  });

  it('cancels every branch, the local one included, when a remote try refuses', async () => {
    const outOfStock = new AppError('FAILED_PRECONDITION', 'not enough units', { reason: 'OUT_OF_STOCK' });
    const { participants, handlers, branches } = createFakeBranches({ order: {}, stock: { tryError: outOfStock }, payment: {} });
    const { local, decidedWith } = localOrder(participants.order!);
    const result = await createTccCoordinator({ pool, handlers, logger, local, phaseTwo: 'background' }).run({ branches, timeoutMs: 5000 });

    expect(result).toMatchObject({ state: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    expect(decidedWith).toEqual([]);
    for (const name of ['order', 'stock', 'payment']) expect([name, participants[name]!.count('cancel', result.xid)]).toEqual([name, 1]);
  });
});
