import type { Logger } from '@micro-ecommerce/pkg/logger';
import { EventConsumer, parseEventData, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { ConfirmRefundStep } from '../../../app/confirm-refund-step.js';
import type { OrderConfig } from '../../../config.js';
import type { RefundStep } from '../../../domain/order-status.js';

/** The order service's consumer group: every group receives each event once. */
export const ORDER_CONSUMER_GROUP = 'order-service';

// Only the field this consumer uses: the rest of payment's and product's contracts may change without breaking it.
const refundStepData = z.object({ order_id: z.string().min(1) });

const STEP_OF: Readonly<Record<string, RefundStep>> = { RefundIssued: 'refund', StockReturned: 'stock' };

/**
 * Records payment's RefundIssued and product's StockReturned on the cancelled order (REFUNDED once both are in);
 * a malformed event throws (retried, then dead-lettered), as does a refund that must wait for a redelivery.
 */
export const refundStepHandler =
  (confirmRefundStep: ConfirmRefundStep, logger: Logger): EventHandler =>
  async (event) => {
    const step = STEP_OF[event.type];
    if (step === undefined) return;
    const { order_id } = parseEventData(event, refundStepData);
    const result = await confirmRefundStep({ eventId: event.id, orderId: order_id, step });
    const fields = { event_id: event.id, order_id, result };
    // Acknowledged: redelivering it would not make the order appear or become a paid cancellation.
    if (result === 'ignored') logger.warn(fields, `${event.type} names no order cancelled after payment; ignored`);
    else logger.info(fields, `${event.type} processed`);
    return result === 'duplicate' ? 'duplicate' : undefined;
  };

/** The consumer of payment-events RefundIssued and product-events StockReturned (not started yet). */
export const createRefundStepConsumer = (config: OrderConfig, deps: { logger: Logger; confirmRefundStep: ConfirmRefundStep }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: ORDER_CONSUMER_GROUP,
    subscriptions: { [TOPICS.paymentEvents]: 'RefundIssued', [TOPICS.productEvents]: 'StockReturned' },
    handler: refundStepHandler(deps.confirmRefundStep, deps.logger),
    logger: deps.logger,
  });
