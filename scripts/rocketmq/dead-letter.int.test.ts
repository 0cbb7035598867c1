import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createEvent, EventConsumer, EventProducer, stageName, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { testConfig, waitUntil, warmUpConsumer } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A poison message against the real broker: the consumer group test-dead-letter is created by the launcher with
// 3 delivery attempts (scripts/rocketmq/test-groups.txt), so the broker retries the poison twice (after ~1 s and
// ~5 s) and then moves it to %DLQ%test_test-dead-letter (the test stage's namespace is part of every name the
// broker keeps), where `make dlq` (infra.sh dlq) lists it. Healthy messages sent behind it keep flowing meanwhile.

const GROUP = 'test-dead-letter';
const ATTEMPTS = 3;
const TOPIC = 'test-normal';
const config = testConfig();
const brokerName = (name: string): string => stageName(config.rocketmq, name);
const logger = pino({ level: 'silent' });
const attempts = new Map<string, number[]>();
const processed = new Set<string>();
let producer: EventProducer;
let consumer: EventConsumer;

interface DeadLetter {
  group: string;
  msg_id: string;
  topic: string;
  tag: string;
  keys: string;
  born_at: string;
  dead_lettered_at: string;
  body: string;
}

const listDeadLetters = async (): Promise<DeadLetter[]> => {
  const { stdout } = await promisify(execFile)('bash', ['scripts/infra/infra.sh', 'dlq', brokerName(GROUP)], { timeout: 60_000 });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as DeadLetter);
};

const publish = (event: EventEnvelope) => producer.publish(TOPIC, event, [event.id]);

beforeAll(async () => {
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPIC], logger });
  await producer.start();
  consumer = new EventConsumer({
    config: config.rocketmq,
    group: GROUP,
    // Only this test's event types: other tests publish on test-normal too.
    subscriptions: { [TOPIC]: 'Poison || Healthy' },
    logger,
    handler: async (event, message) => {
      attempts.set(event.id, [...(attempts.get(event.id) ?? []), message.deliveryAttempt]);
      if (event.type === 'Poison') throw new Error('this message can never be processed');
      processed.add(event.id);
    },
  });
  await consumer.start();
  await warmUpConsumer(async () => {
    const probe = createEvent('Healthy', 'dead-letter-test', {});
    await publish(probe);
    return async () => processed.has(probe.id);
  }, `consumer group ${GROUP}`);
}, 90_000);

afterAll(async () => {
  await consumer?.stop();
  await producer?.stop();
});

describe('dead-letter queue (real broker)', () => {
  it(`dead-letters a poison message after ${ATTEMPTS} attempts, lists it with make dlq, and lets the others through`, async () => {
    const poison = createEvent('Poison', 'dead-letter-test', { reason: 'unprocessable' });
    const messageId = await publish(poison);
    const healthy = Array.from({ length: 5 }, (_, i) => createEvent('Healthy', 'dead-letter-test', { n: i }));
    for (const event of healthy) await publish(event);

    // The healthy messages are not stuck behind the failing one.
    expect(await waitUntil(async () => healthy.every((event) => processed.has(event.id)), 15_000)).toBe(true);

    let listed: DeadLetter | undefined;
    const deadLettered = await waitUntil(async () => {
      listed = (await listDeadLetters()).find((letter) => letter.body.includes(poison.id));
      return listed !== undefined;
    }, 60_000);
    expect(deadLettered, `the poison message never reached %DLQ%${brokerName(GROUP)}`).toBe(true);
    expect(listed).toMatchObject({ group: brokerName(GROUP), msg_id: messageId, topic: brokerName(TOPIC), tag: 'Poison' });
    expect(attempts.get(poison.id)).toEqual([1, 2, 3]);
    expect(processed.has(poison.id)).toBe(false);

    // Dead means dead: no fourth delivery.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(attempts.get(poison.id)).toHaveLength(ATTEMPTS);
  });
});
