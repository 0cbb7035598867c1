import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue, testConfig, waitUntil, warmUpConsumer } from '../testing/index.js';
import { createEvent, EventConsumer, EventProducer, type EventEnvelope } from './index.js';

// The event counters against the real broker. The consumer group test-dead-letter is created by the launcher with
// 3 delivery attempts (scripts/rocketmq/test-groups.txt): a poison message is tried three times (after ~1 s and
// ~5 s) and then dead-lettered. This file's own event types keep other tests' messages out of its counts.

const GROUP = 'test-dead-letter';
const ATTEMPTS = 3;
const TOPIC = 'test-normal';
const config = testConfig();
const logger = pino({ level: 'silent' });
const metrics = initMetrics({ serviceName: 'rocketmq-metrics-test' });
const attempts = new Map<string, number>();
const applied = new Set<string>();
let producer: EventProducer;
let consumer: EventConsumer;

const publish = (event: EventEnvelope) => producer.publish(TOPIC, event, [event.id]);
const count = async (name: string, labels: Record<string, string>) => sampleValue(await metrics.scrape(), name, labels);
const consumed = (type: string, result: string) =>
  count('micro_ecommerce_events_consumed_total', { event_type: type, messaging_consumer_group_name: GROUP, result });

beforeAll(async () => {
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPIC], logger });
  await producer.start();
  consumer = new EventConsumer({
    config: config.rocketmq,
    group: GROUP,
    subscriptions: { [TOPIC]: 'MetricPoison || MetricHealthy' },
    logger,
    // The in-memory set stands in for processOnce's table: an envelope id seen before is a duplicate.
    handler: async (event) => {
      attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
      if (event.type === 'MetricPoison') throw new Error('this message can never be processed');
      if (applied.has(event.id)) return 'duplicate';
      applied.add(event.id);
    },
  });
  await consumer.start();
  await warmUpConsumer(async () => {
    const probe = createEvent('MetricHealthy', 'metrics-test', {});
    await publish(probe);
    return async () => applied.has(probe.id);
  }, `consumer group ${GROUP}`);
}, 90_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.stop();
  await metrics.shutdown();
});

describe('event metrics (real broker)', () => {
  it('counts what the producer published by type and topic, and each delivery as ok or duplicate', async () => {
    const published = { event_type: 'MetricHealthy', messaging_destination_name: TOPIC };
    const publishedBefore = await count('micro_ecommerce_events_published_total', published);
    const [okBefore, duplicateBefore] = [await consumed('MetricHealthy', 'ok'), await consumed('MetricHealthy', 'duplicate')];
    const event = createEvent('MetricHealthy', 'metrics-test', { n: 1 });
    await publish(event);
    await publish(event); // the same envelope again, as a redelivery would bring it
    expect(await waitUntil(async () => attempts.get(event.id) === 2, 15_000)).toBe(true);

    expect(await count('micro_ecommerce_events_published_total', published)).toBe(publishedBefore + 2);
    expect(await consumed('MetricHealthy', 'ok')).toBe(okBefore + 1);
    expect(await consumed('MetricHealthy', 'duplicate')).toBe(duplicateBefore + 1);
  });

  it(`counts each failed delivery, and dead-letters the message that fails its last (attempt ${ATTEMPTS})`, async () => {
    const deadLettered = () =>
      count('micro_ecommerce_events_dead_lettered_total', { event_type: 'MetricPoison', messaging_consumer_group_name: GROUP });
    const [failedBefore, deadBefore] = [await consumed('MetricPoison', 'failed'), await deadLettered()];
    const poison = createEvent('MetricPoison', 'metrics-test', { reason: 'unprocessable' });
    await publish(poison);

    expect(await waitUntil(async () => (await deadLettered()) > deadBefore, 60_000), 'never counted as dead-lettered').toBe(true);
    expect(attempts.get(poison.id)).toBe(ATTEMPTS);
    expect(await consumed('MetricPoison', 'failed')).toBe(failedBefore + ATTEMPTS);
    expect(await deadLettered()).toBe(deadBefore + 1);
  });
});
