import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createEvent, EventConsumer, EventProducer, stageName, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { testConfig, waitUntil, warmUpConsumer } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import type { Demo } from './demo.js';

// The test stage's dead-letter group (scripts/rocketmq/test-groups.txt: 3 delivery attempts) on its normal topic.
const GROUP = 'test-dead-letter';
const TOPIC = 'test-normal';

/** A poison message retried with backoff, then dead-lettered, while healthy messages behind it flow. */
export const dlqDemo: Demo = {
  name: 'dlq',
  title: 'dead-letter queue: a poison message is retried with backoff, then parked in %DLQ%, healthy ones flow past it',
  code: 'pkg/src/rocketmq/event-consumer.ts; scripts/rocketmq/groups.txt (max attempts); scripts/infra/rocketmq.sh (make dlq)',
  test: 'scripts/rocketmq/dead-letter.int.test.ts',
  run: async (show) => {
    const config = testConfig();
    const logger = pino({ level: 'silent' });
    const started = Date.now();
    const seen = new Map<string, string[]>();
    const processed = new Set<string>();
    const producer = new EventProducer({ config: config.rocketmq, topics: [TOPIC], logger });
    const consumer = new EventConsumer({
      config: config.rocketmq,
      group: GROUP,
      subscriptions: { [TOPIC]: 'Poison || Healthy' },
      logger,
      handler: async (event, message) => {
        seen.set(event.id, [...(seen.get(event.id) ?? []), `attempt ${message.deliveryAttempt} at ${Date.now() - started} ms`]);
        if (event.type === 'Poison') throw new Error('this message can never be processed');
        processed.add(event.id);
      },
    });
    const publish = (event: EventEnvelope) => producer.publish(TOPIC, event, [event.id]);
    show.step(`A consumer in group ${GROUP} (3 delivery attempts) that always fails on Poison`);
    await producer.start();
    await consumer.start();
    try {
      await warmUpConsumer(async () => {
        const probe = createEvent('Healthy', 'dlq-demo', {});
        await publish(probe);
        return async () => processed.has(probe.id);
      }, `consumer group ${GROUP}`);
      const poison = createEvent('Poison', 'dlq-demo', { reason: 'unprocessable' });
      await publish(poison);
      const healthy = Array.from({ length: 5 }, (_, n) => createEvent('Healthy', 'dlq-demo', { n }));
      for (const event of healthy) await publish(event);
      show.step('One poison message, then five healthy ones');
      await waitUntil(async () => healthy.every((event) => processed.has(event.id)), 15_000);
      show.evidence('healthy ones processed', `${healthy.filter((event) => processed.has(event.id)).length} of 5, not stuck behind it`);

      show.step('Waiting for the broker to give up on the poison message and move it to the dead-letter queue');
      const brokerGroup = stageName(config.rocketmq, GROUP);
      let listed: string | undefined;
      await waitUntil(async () => {
        const { stdout } = await promisify(execFile)('bash', ['scripts/infra/infra.sh', 'dlq', brokerGroup], { timeout: 60_000 });
        listed = stdout.split('\n').find((line) => line.includes(poison.id));
        return listed !== undefined;
      }, 45_000);
      show.evidence('poison deliveries', seen.get(poison.id) ?? []);
      show.evidence(`make dlq group=${GROUP} lists`, listed ?? 'nothing yet');
    } finally {
      await consumer.stop();
      await producer.stop();
    }
  },
};
