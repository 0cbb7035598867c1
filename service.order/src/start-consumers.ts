import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import { createRefundStepConsumer, ORDER_CONSUMER_GROUP } from './adapters/in/mq/refund-step-consumer.js';
import { createOrderRepository } from './adapters/out/postgres/order-repository.js';
import { createRefundConfirmations } from './adapters/out/postgres/refund-confirmations.js';
import { makeConfirmRefundStep } from './app/confirm-refund-step.js';
import type { OrderEvents } from './app/ports.js';
import type { OrderConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/**
 * Wires the RefundIssued / StockReturned consumer (cancelled-after-payment orders → REFUNDED, publishing
 * OrderRefunded through `events`) and starts receiving; shared by main.ts and the tests.
 */
export const startOrderConsumers = async (
  config: OrderConfig,
  deps: { logger: Logger; pool: Pool; events: OrderEvents },
): Promise<RunningConsumers> => {
  const confirmRefundStep = makeConfirmRefundStep({
    orders: createOrderRepository(deps.pool),
    confirmations: createRefundConfirmations(deps.pool, ORDER_CONSUMER_GROUP),
    events: deps.events,
  });
  const consumer = createRefundStepConsumer(config, { logger: deps.logger, confirmRefundStep });
  await consumer.start();
  deps.logger.info({ group: ORDER_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
