import { SpanKind } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ConsumeResult, FilterExpression, PushConsumer, type MessageView } from 'rocketmq-client-nodejs';
import type { z } from 'zod';
import type { rocketmqSchema } from '../config/index.js';
import { extractTraceContext, withSpan } from '../telemetry/index.js';
import { clientLogger } from './client-logger.js';
import { parseEvent, type EventEnvelope } from './event-envelope.js';

/** Handles one event; throwing makes the broker redeliver it later (and after max attempts, dead-letter it). */
export type EventHandler = (event: EventEnvelope, message: { messageId: string; topic: string; deliveryAttempt: number }) => Promise<void>;

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
  private readonly consumer: PushConsumer;
  private readonly logger: Logger;
  private inFlight = 0;
  private stopping = false;
  private idle: (() => void) | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = options.logger.child({ consumer_group: options.group });
    const subscriptions = new Map(Object.entries(options.subscriptions).map(([topic, tags]) => [topic, new FilterExpression(tags)]));
    this.consumer = new PushConsumer({
      endpoints: options.config.endpoints,
      namespace: options.config.namespace,
      consumerGroup: options.group,
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

  private async consume(view: MessageView): Promise<ConsumeResult> {
    // Refused messages become visible again after the invisible duration and go to another consumer.
    if (this.stopping) return ConsumeResult.FAILURE;
    this.inFlight += 1;
    const deliveryAttempt = view.deliveryAttempt ?? 1;
    const log = this.logger.child({ message_id: view.messageId, topic: view.topic, tag: view.tag, delivery_attempt: deliveryAttempt });
    try {
      const event = parseEvent(view.body);
      await withSpan(
        `${view.topic} process`,
        () => this.options.handler(event, { messageId: view.messageId, topic: view.topic, deliveryAttempt }),
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
      log.debug('event processed');
      return ConsumeResult.SUCCESS;
    } catch (error) {
      log.warn({ err: error }, 'event failed; the broker will redeliver it');
      return ConsumeResult.FAILURE;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }
}
