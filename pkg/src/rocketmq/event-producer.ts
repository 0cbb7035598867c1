import { SpanKind } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { Producer, type MessageView } from 'rocketmq-client-nodejs';
// definition_pb.js is CommonJS whose exports Node's ESM loader cannot detect by name: import the module object.
import definitionPb from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import type { z } from 'zod';
import type { rocketmqSchema } from '../config/index.js';
import { injectTraceContext, withSpan } from '../telemetry/index.js';
import { clientLogger } from './client-logger.js';
import { encodeEvent, parseEvent, type EventEnvelope } from './event-envelope.js';
import { eventMetrics, type EventMetrics } from './event-metrics.js';
import { withSettingsReplay } from './settings-replay.js';
import { stageName } from './stage-name.js';

/** What a transaction checker decides from the local database when the broker asks about a half message. */
export type CheckResult = 'COMMIT' | 'ROLLBACK' | 'UNKNOWN';

/**
 * Answers a broker check-back for a half message whose producer never committed or rolled it back (it crashed,
 * or the commit was lost): COMMIT when the local transaction committed, ROLLBACK when it did not and never will,
 * UNKNOWN to be asked again later.
 */
export type TransactionChecker = (event: EventEnvelope) => Promise<CheckResult>;

export interface EventProducerOptions {
  config: z.infer<typeof rocketmqSchema>;
  /** Every topic this producer sends to; the broker only routes check-backs for topics listed here. */
  topics: string[];
  checker?: TransactionChecker;
  logger: Logger;
}

const { TransactionResolution } = definitionPb;

const RESOLUTION: Record<CheckResult, definitionPb.TransactionResolution> = {
  COMMIT: TransactionResolution.COMMIT,
  ROLLBACK: TransactionResolution.ROLLBACK,
  UNKNOWN: TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED,
};

/** The client's Producer, minus its start-up hang (see withSettingsReplay). */
const StartableProducer = withSettingsReplay(Producer);

/** Publishes event envelopes (tag = type, keys = aggregate ids, traceparent in properties). */
export class EventProducer {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private readonly checker: TransactionChecker | undefined;
  private readonly metrics: EventMetrics = eventMetrics();
  private readonly brokerTopic: (topic: string) => string;

  constructor(options: EventProducerOptions) {
    this.logger = options.logger;
    this.brokerTopic = (topic) => stageName(options.config, topic);
    this.checker = options.checker;
    const checker = options.checker;
    this.producer = new StartableProducer({
      endpoints: options.config.endpoints,
      namespace: '',
      topics: options.topics.map(this.brokerTopic),
      logger: clientLogger(options.logger),
      ...(checker === undefined ? {} : { checker: { check: (view: MessageView) => this.check(checker, view) } }),
    });
  }

  /** Connects to the proxy; call once before publishing. */
  start(): Promise<void> {
    return this.producer.startup();
  }

  /** Stops the producer; pending check-backs will be answered by another instance of the service. */
  stop(): Promise<void> {
    return this.producer.shutdown();
  }

  /** Sends a normal (non-transactional) event; resolves with the broker's message id. */
  async publish(topic: string, event: EventEnvelope, keys: string[]): Promise<string> {
    const send = async () => {
      const { messageId } = await this.producer.send(this.message(topic, event, keys));
      this.metrics.published(event.type, topic);
      return messageId;
    };
    return withSpan(`${topic} publish`, send, {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'rocketmq', 'messaging.destination.name': topic, 'event.type': event.type },
    });
  }

  /**
   * Publishes `event` atomically with a local transaction: sends the half message, runs `localTransaction`
   * (which must commit its database work before resolving), then commits the message (not awaited). If the local
   * transaction throws, the checker decides (normally ROLLBACK) and the error is rethrown. If this process dies between the
   * local commit and the message commit, the broker asks the checker, which answers from the database.
   */
  async publishInTransaction<T>(topic: string, event: EventEnvelope, keys: string[], localTransaction: () => Promise<T>): Promise<T> {
    return withSpan(
      `${topic} publish`,
      async () => {
        const transaction = this.producer.beginTransaction();
        await this.producer.send(this.message(topic, event, keys), transaction);
        let result: T;
        try {
          result = await localTransaction();
        } catch (error) {
          await this.settleAfterFailure(transaction, topic, event);
          throw error;
        }
        // Published from here on: the commit below, or the broker's check-back if it is lost, delivers it.
        this.metrics.published(event.type, topic);
        // The local transaction is committed, so the message is as good as published: its commit goes out without
        // holding the caller (one round trip fewer on a checkout's answer), and a commit that is lost, or never
        // sent because this process stopped, is resolved by the broker's check-back, which asks the checker.
        void transaction
          .commit()
          .catch((commitError: unknown) =>
            this.logger.warn({ err: commitError, event_id: event.id }, 'committing a half message failed; check-back will resolve it'),
          );
        return result;
      },
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'rocketmq',
          'messaging.destination.name': topic,
          'event.type': event.type,
          'messaging.rocketmq.message.type': 'transaction',
        },
      },
    );
  }

  // A local transaction that threw usually rolled back, but an error can also arrive after the database
  // committed (e.g. the connection dropped while COMMIT was acknowledged). The checker reads the truth.
  private async settleAfterFailure(
    transaction: { commit(): Promise<void>; rollback(): Promise<void> },
    topic: string,
    event: EventEnvelope,
  ) {
    const decision = this.checker === undefined ? 'ROLLBACK' : await this.checker(event).catch((): CheckResult => 'UNKNOWN');
    if (decision === 'COMMIT') this.metrics.published(event.type, topic);
    const settle = decision === 'COMMIT' ? transaction.commit() : decision === 'ROLLBACK' ? transaction.rollback() : Promise.resolve();
    await settle.catch((error: unknown) =>
      this.logger.warn({ err: error, event_id: event.id }, 'settling a half message failed; check-back will resolve it'),
    );
  }

  private message(topic: string, event: EventEnvelope, keys: string[]) {
    return {
      topic: this.brokerTopic(topic),
      tag: event.type,
      keys,
      body: encodeEvent(event),
      properties: new Map(Object.entries(injectTraceContext())),
    };
  }

  private async check(checker: TransactionChecker, view: MessageView): Promise<definitionPb.TransactionResolution> {
    try {
      const decision = await checker(parseEvent(view.body));
      this.logger.info({ message_id: view.messageId, topic: view.topic, decision }, 'answered transaction check-back');
      return RESOLUTION[decision];
    } catch (error) {
      this.logger.error({ err: error, message_id: view.messageId }, 'transaction check-back failed; broker will ask again');
      return RESOLUTION.UNKNOWN;
    }
  }
}
