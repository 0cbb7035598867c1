import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import { commissionHandler } from './adapters/in/mq/commission-handler.js';
import { orderCancelledHandler } from './adapters/in/mq/order-cancelled-handler.js';
import { orderShippedHandler } from './adapters/in/mq/order-shipped-handler.js';
import { createPaymentConsumer, PAYMENT_CONSUMER_GROUP } from './adapters/in/mq/payment-consumer.js';
import { PgWalletEventLedger } from './adapters/out/postgres/pg-wallet-event-ledger.js';
import { makeCreditCommission } from './app/credit-commission.js';
import type { PaymentEvents } from './app/ports.js';
import { makeRecordShippedOrder } from './app/record-shipped-order.js';
import { makeRefundOrder } from './app/refund-order.js';
import { makeReverseCommission } from './app/reverse-commission.js';
import type { PaymentConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/**
 * Wires the payment-service consumer (OrderCancelled → refund with RefundIssued; OrderShipped → the order may earn
 * a commission; CommissionEarned/Reversed → the referrer's wallet) and starts receiving; shared by main.ts and the tests. `events` must be started.
 */
export const startPaymentConsumers = async (
  config: PaymentConfig,
  deps: { logger: Logger; pool: Pool; events: PaymentEvents; crashAt?: CrashHook },
): Promise<RunningConsumers> => {
  const ledger = new PgWalletEventLedger(deps.pool, PAYMENT_CONSUMER_GROUP, deps.crashAt);
  const commissions = commissionHandler(
    { creditCommission: makeCreditCommission({ ledger }), reverseCommission: makeReverseCommission({ ledger }) },
    deps.logger,
  );
  const consumer = createPaymentConsumer(config, {
    logger: deps.logger,
    handlers: {
      OrderCancelled: orderCancelledHandler(makeRefundOrder({ ledger, events: deps.events }), deps.logger),
      OrderShipped: orderShippedHandler(makeRecordShippedOrder({ ledger }), deps.logger),
      CommissionEarned: commissions,
      CommissionReversed: commissions,
    },
  });
  await consumer.start();
  deps.logger.info({ group: PAYMENT_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
