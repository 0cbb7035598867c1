import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { CUSTOMER_CONSUMER_GROUP, createOrderEventsConsumer } from './adapters/in/mq/order-events-consumer.js';
import { startNotificationRetry } from './adapters/in/schedule/notification-retry.js';
import { createNotificationSender } from './adapters/out/mail/notification-sender.js';
import { createCommissionEventChecker } from './adapters/out/postgres/commission-event-checker.js';
import { PostgresNotificationOutbox } from './adapters/out/postgres/notification-outbox.js';
import { PostgresOrderEventStore } from './adapters/out/postgres/order-event-store.js';
import { createCommissionEventPublisher } from './adapters/out/rocketmq/commission-event-publisher.js';
import { makeDispatchNotifications } from './app/dispatch-notifications.js';
import { makeHandleOrderEvent } from './app/handle-order-event.js';
import type { NotificationSender } from './app/ports.js';
import type { CustomerConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export interface RunningConsumers {
  stop(): Promise<void>;
}

// How many unsent notifications one retry pass sends at most: a crash in the middle sends a pass again.
const RETRY_BATCH = 20;

/**
 * Wires the order-events consumer (loyalty points, notifications, referral commission), the producer of
 * customer-events with its check-back, and the periodic send of unsent notifications; shared by main.ts and the
 * tests (which may pass their own sender).
 */
export const startCustomerConsumers = async (
  config: CustomerConfig,
  deps: { logger: Logger; pool: Pool; sender?: NotificationSender },
): Promise<RunningConsumers> => {
  const { logger, pool } = deps;
  const section = config.services.customer;
  // Started before the consumer: the first paid order of a referred customer publishes, and check-backs of half
  // messages a previous process left need the checker listening.
  const producer = new EventProducer({
    config: config.rocketmq,
    topics: [TOPICS.customerEvents],
    checker: createCommissionEventChecker(pool),
    logger,
  });
  await producer.start();

  const sender = deps.sender ?? createNotificationSender(section.mail);
  const dispatchNotifications = makeDispatchNotifications({ outbox: new PostgresNotificationOutbox(pool), sender, batchSize: RETRY_BATCH });
  const handleOrderEvent = makeHandleOrderEvent({
    store: new PostgresOrderEventStore(pool, CUSTOMER_CONSUMER_GROUP),
    commissionEvents: createCommissionEventPublisher(producer),
    commissionPercent: section.referral_commission_percent,
  });
  const consumer = createOrderEventsConsumer(config, { handleOrderEvent, dispatchNotifications, logger });
  await consumer.start();
  const retry = startNotificationRetry({ dispatch: dispatchNotifications, intervalMs: section.mail.retry_interval_ms, logger });
  logger.info(
    { group: CUSTOMER_CONSUMER_GROUP, mail: section.mail.smtp.host === '' ? section.mail.dir : section.mail.smtp.host },
    'event consumers started',
  );

  return {
    stop: async () => {
      await consumer.stop();
      await retry.stop();
      await producer.stop();
      await sender.close?.();
    },
  };
};
