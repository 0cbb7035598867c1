import { afterAll, describe, expect, it } from 'vitest';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue } from '../testing/index.js';
import { createInFlightLimit } from './in-flight-limit.js';
import { isOverloaded, OVERLOADED } from './overloaded-error.js';

// Instruments bind to the provider registered when they are created: the metrics first, then the limits.
const metrics = initMetrics({ serviceName: 'bulkhead-test' });
afterAll(() => metrics.shutdown());

/** Work that runs until the test lets it finish (or fail). */
const gate = <T = string>() => {
  let finish!: (value: T) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { work: () => done, finish, fail };
};

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createInFlightLimit', () => {
  it('runs work at once while a slot is free and sheds the rest with OVERLOADED when there is no queue', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 2, max_queued: 0, max_queue_wait_ms: 0 });
    const first = gate();
    const second = gate();
    const running = [limit.run(first.work), limit.run(second.work)];
    expect(limit.inFlight).toBe(2);
    const shed = await settle(limit.run(async () => 'never'));
    expect(shed.ok).toBe(false);
    expect(isOverloaded(!shed.ok && shed.error)).toBe(true);
    expect(!shed.ok && shed.error).toMatchObject({ kind: 'UNAVAILABLE', reason: OVERLOADED, details: { retry_after_seconds: 1 } });
    first.finish('a');
    second.finish('b');
    expect(await Promise.all(running)).toEqual(['a', 'b']);
    expect(limit.inFlight).toBe(0);
    expect(await limit.run(async () => 'after')).toBe('after');
  });

  it('gives the slot back when the work throws', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 1, max_queued: 0, max_queue_wait_ms: 0 });
    const failing = gate();
    const run = settle(limit.run(failing.work));
    failing.fail(new Error('handler bug'));
    expect(await run).toMatchObject({ ok: false, error: { message: 'handler bug' } });
    expect(limit.inFlight).toBe(0);
    expect(await limit.run(async () => 'next')).toBe('next');
  });

  it('lets queued work take the next free slot, in order, and sheds what does not fit in the queue', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 1, max_queued: 2, max_queue_wait_ms: 1000 });
    const first = gate();
    const order: string[] = [];
    const running = limit.run(first.work);
    const queued = [limit.run(async () => void order.push('second')), limit.run(async () => void order.push('third'))];
    expect(limit.waiting).toBe(2);
    const fourth = await settle(limit.run(async () => 'fourth'));
    expect(isOverloaded(!fourth.ok && fourth.error)).toBe(true);
    first.finish('first');
    await running;
    await Promise.all(queued);
    expect(order).toEqual(['second', 'third']);
    expect(limit.waiting).toBe(0);
  });

  it('sheds queued work that waited max_queue_wait_ms without running it', async () => {
    const limit = createInFlightLimit('grpc', { max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 20 });
    const first = gate();
    const running = limit.run(first.work);
    let ran = false;
    const waited = await settle(
      limit.run(async () => {
        ran = true;
      }),
    );
    expect(waited.ok).toBe(false);
    expect(isOverloaded(!waited.ok && waited.error)).toBe(true);
    expect(limit.waiting).toBe(0);
    first.finish('done');
    await running;
    await tick();
    expect(ran).toBe(false);
  });

  it('stops waiting when the caller leaves, and never runs its work', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 5000 });
    const first = gate();
    const running = limit.run(first.work);
    const caller = new AbortController();
    let ran = false;
    const waiting = settle(
      limit.run(
        async () => {
          ran = true;
        },
        () => caller.signal,
      ),
    );
    caller.abort();
    expect((await waiting).ok).toBe(false);
    expect(limit.waiting).toBe(0);
    first.finish('done');
    await running;
    await tick();
    expect(ran).toBe(false);
  });

  it('asks for the cancel signal only when the work has to wait', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 1000 });
    let asked = 0;
    const signal = () => {
      asked += 1;
      return new AbortController().signal;
    };
    const first = gate();
    const running = limit.run(first.work, signal);
    expect(asked).toBe(0);
    const queued = limit.run(async () => 'queued', signal);
    expect(asked).toBe(1);
    first.finish('first');
    expect(await Promise.all([running, queued])).toEqual(['first', 'queued']);
  });

  it('does not strand queued work behind an entry whose caller gave up (cockatiel 3.2.1 would)', async () => {
    const limit = createInFlightLimit('http', { max_in_flight: 1, max_queued: 2, max_queue_wait_ms: 5000 });
    const first = gate();
    const running = limit.run(first.work);
    const leaving = new AbortController();
    const abandoned = settle(
      limit.run(
        async () => 'abandoned',
        () => leaving.signal,
      ),
    );
    const patient = limit.run(async () => 'patient');
    leaving.abort();
    await abandoned;
    first.finish('first');
    await running;
    // No new arrival frees another slot: the patient one must get the slot the abandoned entry passed on.
    expect(await Promise.race([patient, tick(500).then(() => 'stranded')])).toBe('patient');
  });

  it('counts refusals by protocol and reason and shows the work in flight and waiting', async () => {
    const limit = createInFlightLimit('grpc', { max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 10 });
    const refusals = (reason: string) => sampleValue(text, 'micro_ecommerce_bulkhead_refusals_total', { protocol: 'grpc', reason });
    let text = await metrics.scrape();
    const before = { full: refusals('full'), wait_timeout: refusals('wait_timeout') };
    const first = gate();
    const running = limit.run(first.work);
    const timedOut = settle(limit.run(async () => 'late'));
    await settle(limit.run(async () => 'no room'));
    text = await metrics.scrape();
    expect(sampleValue(text, 'micro_ecommerce_bulkhead_in_flight', { protocol: 'grpc' })).toBe(1);
    expect(sampleValue(text, 'micro_ecommerce_bulkhead_queued', { protocol: 'grpc' })).toBe(1);
    await timedOut;
    first.finish('done');
    await running;
    text = await metrics.scrape();
    expect(refusals('full')).toBe(before.full + 1);
    expect(refusals('wait_timeout')).toBe(before.wait_timeout + 1);
    expect(sampleValue(text, 'micro_ecommerce_bulkhead_in_flight', { protocol: 'grpc' })).toBe(0);
    expect(sampleValue(text, 'micro_ecommerce_bulkhead_queued', { protocol: 'grpc' })).toBe(0);
  });
});
