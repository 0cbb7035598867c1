import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import { CUSTOMER_CONSUMER_GROUP, createOrderPaidConsumer } from './adapters/in/mq/order-paid-consumer.js';
import { PostgresLoyaltyLedger } from './adapters/out/postgres/loyalty-ledger.js';
import { makeAwardLoyaltyPoints } from './app/award-loyalty-points.js';
import type { CustomerConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/** Wires the OrderPaid consumer (loyalty points) and starts receiving; shared by main.ts and the tests. */
export const startCustomerConsumers = async (config: CustomerConfig, deps: { logger: Logger; pool: Pool }): Promise<RunningConsumers> => {
  const ledger = new PostgresLoyaltyLedger(deps.pool, CUSTOMER_CONSUMER_GROUP);
  const consumer = createOrderPaidConsumer(config, { logger: deps.logger, awardLoyaltyPoints: makeAwardLoyaltyPoints({ ledger }) });
  await consumer.start();
  deps.logger.info({ group: CUSTOMER_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
