import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTelemetry, InMemorySpanExporter } from '../telemetry/index.js';
import { testConfig } from '../testing/index.js';
import { createEvent, EventConsumer, EventProducer, type CheckResult, type EventEnvelope } from './index.js';

const config = testConfig();
const logger = pino({ level: 'silent' });
const source = 'rocketmq-test';
const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'rocketmq-test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });

/** Collects the events a consumer group receives, so tests can wait for (or rule out) a given id. */
class Inbox {
  readonly received = new Map<string, { at: number; event: EventEnvelope }>();
  private waiters: Array<() => void> = [];
  add(event: EventEnvelope) {
    this.received.set(event.id, { at: Date.now(), event });
    this.waiters.splice(0).forEach((wake) => wake());
  }
  async waitFor(id: string, timeoutMs: number): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (!this.received.has(id) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.received.get(id)?.at;
  }
}

const consumers: EventConsumer[] = [];
const producers: EventProducer[] = [];

// Stable group names: a new group starts at the queue's newest offset once it first polls, so each consumer
// first proves it is receiving (a probe sent by `sendProbe` arrives) before a test publishes what it asserts on.
const startConsumer = async (topic: string, group: string, sendProbe: (probe: EventEnvelope) => Promise<unknown>): Promise<Inbox> => {
  const inbox = new Inbox();
  const consumer = new EventConsumer({
    config: config.rocketmq,
    group,
    subscriptions: { [topic]: '*' },
    logger,
    handler: async (event) => inbox.add(event),
  });
  await consumer.start();
  consumers.push(consumer);
  for (let attempt = 0; attempt < 30; attempt++) {
    const probe = createEvent('Probe', source, {});
    await sendProbe(probe);
    if ((await inbox.waitFor(probe.id, 2000)) !== undefined) return inbox;
  }
  throw new Error(`consumer group ${group} never received a probe on ${topic}`);
};

const startProducer = async (topics: string[], checker?: (event: EventEnvelope) => Promise<CheckResult>) => {
  const producer = new EventProducer({ config: config.rocketmq, topics, logger, ...(checker ? { checker } : {}) });
  await producer.start();
  producers.push(producer);
  return producer;
};

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.stop()));
  await Promise.allSettled(producers.map((p) => p.stop()));
  await telemetry.shutdown();
});

describe('rocketmq (real broker)', () => {
  it('delivers a normal event with its envelope and trace properties intact', async () => {
    const producer = await startProducer(['test-normal']);
    const inbox = await startConsumer('test-normal', 'test-normal-consumer', (probe) => producer.publish('test-normal', probe, [probe.id]));
    const event = createEvent('SomethingHappened', source, { amount_cents: 1250 });
    await producer.publish('test-normal', event, [event.id]);
    expect(await inbox.waitFor(event.id, 20_000)).toBeDefined();
    expect(inbox.received.get(event.id)?.event).toEqual(event);
    const ofEvent = spans.getFinishedSpans().filter((span) => span.attributes['event.type'] === 'SomethingHappened');
    const publish = ofEvent.find((span) => span.name === 'test-normal publish');
    const consume = ofEvent.find((span) => span.name === 'test-normal process');
    expect(consume?.spanContext().traceId).toBe(publish?.spanContext().traceId);
    expect(consume?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
  });

  describe('transactional messages whose producer never commits', () => {
    const decisions = new Map<string, CheckResult>();
    const checkedAt = new Map<string, number>();
    let producer: EventProducer;
    let inbox: Inbox;

    beforeAll(async () => {
      producer = await startProducer(['test-transaction'], async (event) => {
        if (!checkedAt.has(event.id)) checkedAt.set(event.id, Date.now());
        return decisions.get(event.id) ?? 'COMMIT';
      });
      inbox = await startConsumer('test-transaction', 'test-transaction-consumer', (probe) =>
        producer.publishInTransaction('test-transaction', probe, [probe.id], async () => undefined),
      );
    });

    // The local transaction below never settles: the producer neither commits nor rolls back, as if it had
    // crashed after sending the half message. Only the broker's check-back can resolve the message.
    const sendAndHang = async (event: EventEnvelope) => {
      void producer.publishInTransaction('test-transaction', event, [event.id], () => new Promise(() => {}));
      await new Promise((resolve) => setTimeout(resolve, 300));
    };

    it('delivers it only after the check-back asked the checker and it answered COMMIT', async () => {
      const event = createEvent('OrderPaid', source, { order_id: 'o-1' });
      decisions.set(event.id, 'COMMIT');
      const sentAt = Date.now();
      await sendAndHang(event);
      const receivedAt = await inbox.waitFor(event.id, 45_000);
      expect(receivedAt).toBeDefined();
      expect(checkedAt.get(event.id)).toBeDefined();
      expect(checkedAt.get(event.id)!).toBeLessThanOrEqual(receivedAt!);
      expect(checkedAt.get(event.id)! - sentAt).toBeGreaterThanOrEqual(1000);
    });

    it('never delivers it when the checker answers ROLLBACK', async () => {
      const rolledBack = createEvent('OrderPaid', source, { order_id: 'o-2' });
      decisions.set(rolledBack.id, 'ROLLBACK');
      await sendAndHang(rolledBack);
      const deadline = Date.now() + 45_000;
      while (!checkedAt.has(rolledBack.id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(checkedAt.has(rolledBack.id)).toBe(true);
      // A message resolved by a later check-back arrives; had the rolled-back one been delivered, it would be too.
      const committed = createEvent('OrderPaid', source, { order_id: 'o-3' });
      decisions.set(committed.id, 'COMMIT');
      await sendAndHang(committed);
      expect(await inbox.waitFor(committed.id, 45_000)).toBeDefined();
      expect(inbox.received.has(rolledBack.id)).toBe(false);
    });

    it('rolls the message back when the local transaction fails', async () => {
      const failed = createEvent('OrderPaid', source, { order_id: 'o-4' });
      const committed = createEvent('OrderPaid', source, { order_id: 'o-5' });
      decisions.set(failed.id, 'ROLLBACK');
      await expect(
        producer.publishInTransaction('test-transaction', failed, [failed.id], async () => {
          throw new Error('insert failed');
        }),
      ).rejects.toThrow('insert failed');
      await producer.publishInTransaction('test-transaction', committed, [committed.id], async () => undefined);
      expect(await inbox.waitFor(committed.id, 20_000)).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(inbox.received.has(failed.id)).toBe(false);
    });
  });

  it('drains on stop(): the message in hand finishes before the consumer disconnects', async () => {
    const producer = await startProducer(['test-normal']);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inHand!: () => void;
    const handed = new Promise<void>((resolve) => (inHand = resolve));
    const seen = new Set<string>();
    let finishedAt = 0;
    const consumer = new EventConsumer({
      config: config.rocketmq,
      group: 'test-drain-consumer',
      subscriptions: { 'test-normal': 'DrainProbe || Slow' },
      logger,
      handler: async (event) => {
        if (event.type === 'Slow') {
          inHand();
          await gate;
          finishedAt = Date.now();
        }
        seen.add(event.id);
      },
    });
    await consumer.start();
    for (let attempt = 0; !seen.size; attempt++) {
      if (attempt === 30) throw new Error('test-drain-consumer never received a probe');
      await producer.publish('test-normal', createEvent('DrainProbe', source, {}), ['probe']);
      const deadline = Date.now() + 2000;
      while (!seen.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const slow = createEvent('Slow', source, {});
    await producer.publish('test-normal', slow, [slow.id]);
    await handed;
    let stoppedAt = 0;
    const stopping = consumer.stop().then(() => (stoppedAt = Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stoppedAt, 'stop() returned while a message was still being processed').toBe(0);
    release();
    await stopping;
    expect(seen.has(slow.id)).toBe(true);
    expect(stoppedAt).toBeGreaterThanOrEqual(finishedAt);
  });
});
