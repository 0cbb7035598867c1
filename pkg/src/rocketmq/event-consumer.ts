import { SpanKind } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ConsumeResult, FilterExpression, type MessageView } from 'rocketmq-client-nodejs';
import type { z } from 'zod';
import type { rocketmqSchema } from '../config/index.js';
import { extractTraceContext, withSpan } from '../telemetry/index.js';
import { clientLogger } from './client-logger.js';
import { parseEvent, type EventEnvelope } from './event-envelope.js';
import { eventMetrics } from './event-metrics.js';
import { PushConsumerWithMaxAttempts } from './push-consumer-with-max-attempts.js';
import { stageName } from './stage-name.js';

/**
 * Handles one event; throwing makes the broker redeliver it later (and after max attempts, dead-letter it).
 * Resolving with 'duplicate' says the event had been applied before (processOnce found it), for the
 * micro_ecommerce.events.consumed counter; it is acknowledged all the same.
 */
export type EventHandler = (
  event: EventEnvelope,
  message: { messageId: string; topic: string; deliveryAttempt: number },
) => Promise<void | 'duplicate'>;

export interface EventConsumerOptions {
  config: z.infer<typeof rocketmqSchema>;
  /** One consumer group per service: every group receives every message once. */
  group: string;
  /** topic → tag expression, e.g. { 'order-events': 'OrderPaid || OrderCancelled' } or '*'. */
  subscriptions: Record<string, string>;
  handler: EventHandler;
  logger: Logger;
}

/** A push consumer that decodes envelopes, joins the producer's trace, and drains in-flight work on stop. */
export class EventConsumer {
  private readonly consumer: PushConsumerWithMaxAttempts;
  private readonly logger: Logger;
  private inFlight = 0;
  private stopping = false;
  private idle: (() => void) | undefined;
  private readonly metrics = eventMetrics();

  /** Broker topic name (the stage's, see stageName) -> the topic as the application names it. */
  private readonly topicOf: Map<string, string>;

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = options.logger.child({ consumer_group: options.group });
    this.topicOf = new Map(Object.keys(options.subscriptions).map((topic) => [stageName(options.config, topic), topic]));
    const subscriptions = new Map(
      Object.entries(options.subscriptions).map(([topic, tags]) => [stageName(options.config, topic), new FilterExpression(tags)]),
    );
    this.consumer = new PushConsumerWithMaxAttempts({
      endpoints: options.config.endpoints,
      namespace: '',
      consumerGroup: stageName(options.config, options.group),
      subscriptions,
      logger: clientLogger(options.logger),
      messageListener: { consume: (view: MessageView) => this.consume(view) },
    });
  }

  /** Subscribes and starts receiving. */
  start(): Promise<void> {
    return this.consumer.startup();
  }

  /** Stops taking new messages, waits for the ones in hand to finish, then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.consumer.shutdown();
  }

  /**
   * True when a failure now is final: the broker delivers a message at most the group's max attempts (sent in
   * its settings at start-up) and moves it to %DLQ%<group> after a failed last one.
   */
  private isLastAttempt(deliveryAttempt: number): boolean {
    const { maxAttempts } = this.consumer;
    return maxAttempts !== undefined && deliveryAttempt >= maxAttempts;
  }

  private async consume(view: MessageView): Promise<ConsumeResult> {
    const { group } = this.options;
    const deliveryAttempt = view.deliveryAttempt ?? 1;
    const topic = this.topicOf.get(view.topic) ?? view.topic;
    // The tag is the event type (event-contracts): it names the event even when the body cannot be parsed.
    let eventType = view.tag ?? 'unknown';
    // Refused messages become visible again after the invisible duration and go to another consumer.
    if (this.stopping) {
      // Unless this was their last attempt: a refusal counts as a failure, and the broker dead-letters them.
      if (this.isLastAttempt(deliveryAttempt)) this.metrics.deadLettered(eventType, group);
      return ConsumeResult.FAILURE;
    }
    this.inFlight += 1;
    const log = this.logger.child({ message_id: view.messageId, topic: view.topic, tag: view.tag, delivery_attempt: deliveryAttempt });
    try {
      const event = parseEvent(view.body);
      eventType = event.type;
      const handled = await withSpan(
        `${topic} process`,
        () => this.options.handler(event, { messageId: view.messageId, topic, deliveryAttempt }),
        {
          kind: SpanKind.CONSUMER,
          parent: extractTraceContext(view.properties),
          attributes: {
            'messaging.system': 'rocketmq',
            'messaging.destination.name': view.topic,
            'messaging.message.id': view.messageId,
            'event.type': event.type,
          },
        },
      );
      this.metrics.consumed(eventType, group, handled === 'duplicate' ? 'duplicate' : 'ok');
      log.debug('event processed');
      return ConsumeResult.SUCCESS;
    } catch (error) {
      this.metrics.consumed(eventType, group, 'failed');
      if (this.isLastAttempt(deliveryAttempt)) {
        this.metrics.deadLettered(eventType, group);
        log.error({ err: error }, 'event failed on its last delivery attempt; the broker moves it to the dead-letter queue');
      } else log.warn({ err: error }, 'event failed; the broker will redeliver it');
      return ConsumeResult.FAILURE;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }
}
