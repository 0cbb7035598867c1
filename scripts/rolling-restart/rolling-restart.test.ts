import { DEFAULT_CLIENT_OPTIONS } from '@micro-ecommerce/pkg/grpc';
import { describe, expect, it } from 'vitest';
import { restartSteps, rollingRestart, settleMsOf } from './rolling-restart.js';

/** Fake slots that record every move and the slots serving after each. */
const fakeSlots = (replicas: number, failStartOf?: number) => {
  const serving = new Set(Array.from({ length: replicas }, (_, slot) => slot));
  const moves: string[] = [];
  const fewest = { ready: replicas };
  return {
    serving,
    moves,
    fewest,
    slots: {
      start: async (slot: number) => {
        if (serving.has(slot)) throw new Error(`slot ${slot} is taken`);
        if (slot === failStartOf) throw new Error(`slot ${slot} never became ready`);
        serving.add(slot);
        moves.push(`start ${slot}`);
      },
      drain: async (slot: number) => {
        if (!serving.has(slot)) throw new Error(`nothing runs on slot ${slot}`);
        serving.delete(slot);
        fewest.ready = Math.min(fewest.ready, serving.size);
        moves.push(`drain ${slot}`);
      },
    },
  };
};

describe('rolling restart', () => {
  it.each([1, 2, 3])('replaces %i instance(s) with n+1 starts, never below n ready, ending on the slots it began on', async (replicas) => {
    const fake = fakeSlots(replicas);
    await rollingRestart(fake.slots, { replicas, settleMs: 0, log: () => undefined });
    expect(fake.moves).toHaveLength(2 * (replicas + 1));
    expect(fake.moves[0]).toBe(`start ${replicas}`);
    expect(fake.fewest.ready).toBe(replicas);
    expect([...fake.serving].sort()).toEqual(Array.from({ length: replicas }, (_, slot) => slot));
  });

  it('starts before it drains, in the order of restartSteps', () => {
    expect(restartSteps(2)).toEqual([
      { start: 2, drain: 0 },
      { start: 0, drain: 1 },
      { start: 1, drain: 2 },
    ]);
  });

  it('stops with the old instances serving when a new one does not come up', async () => {
    const fake = fakeSlots(2, 2);
    await expect(rollingRestart(fake.slots, { replicas: 2, settleMs: 0, log: () => undefined })).rejects.toThrow(/never became ready/);
    expect([...fake.serving].sort()).toEqual([0, 1]);
    expect(fake.moves).toEqual([]);
  });

  it('waits out the gRPC reconnect backoff only for services other services call over gRPC', () => {
    const backoffMs = Number(DEFAULT_CLIENT_OPTIONS['grpc.max_reconnect_backoff_ms']);
    // Callers reconnect at most backoff (+20 % jitter) apart: the settle outlasts that, plus a gateway poll.
    expect(settleMsOf('product')).toBeGreaterThan(backoffMs * 1.2);
    expect(settleMsOf('payment')).toBe(settleMsOf('product'));
    expect(settleMsOf('cart')).toBe(settleMsOf('product'));
    // Only the gateway calls these: one poll of /readyz or two.
    expect(settleMsOf('order')).toBeLessThan(settleMsOf('product'));
    expect(settleMsOf('customer')).toBe(settleMsOf('order'));
  });
});
