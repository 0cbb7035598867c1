import type { Logger } from '@micro-ecommerce/pkg/logger';
import { EventConsumer, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import type { DispatchNotifications } from '../../../app/dispatch-notifications.js';
import type { HandleOrderEvent } from '../../../app/handle-order-event.js';
import type { CustomerConfig } from '../../../config.js';
import { CONSUMED_ORDER_EVENTS } from '../../../domain/order-event.js';
import { parseOrderEvent } from './order-event-parser.js';

/** The customer service's consumer group: every group receives each event once. */
export const CUSTOMER_CONSUMER_GROUP = 'customer-service';

/**
 * Applies each order event once (loyalty points, notifications, referral commission), then sends the notifications
 * it wrote. The send comes after the commit and never fails the event: what it could not send stays unsent in the
 * table and the periodic retry sends it.
 */
export const orderEventsHandler =
  (deps: { handleOrderEvent: HandleOrderEvent; dispatchNotifications: DispatchNotifications; logger: Logger }): EventHandler =>
  async (envelope) => {
    const event = parseOrderEvent(envelope);
    if (event === null) return;
    const result = await deps.handleOrderEvent(event);
    const fields = { event_id: event.eventId, order_id: event.orderId, customer_id: event.customerId };
    // An unknown customer is acknowledged: redelivering the event would not make the account appear.
    if (!result.customerKnown) deps.logger.warn(fields, `${event.type} names no known customer`);
    deps.logger.info(
      {
        ...fields,
        outcome: result.outcome,
        points: result.points,
        commission: result.commission,
        notifications: result.notificationIds.length,
      },
      `${event.type} processed`,
    );
    if (result.outcome === 'DUPLICATE') return 'duplicate';
    const sent = await deps.dispatchNotifications(result.notificationIds).catch((error: unknown) => ({ sent: 0, error }));
    if (sent.error !== undefined)
      deps.logger.warn({ ...fields, err: sent.error }, 'sending notifications failed; the periodic retry sends them');
  };

/** The order-events consumer of the customer service (not started yet). */
export const createOrderEventsConsumer = (config: CustomerConfig, deps: Parameters<typeof orderEventsHandler>[0]) =>
  new EventConsumer({
    config: config.rocketmq,
    group: CUSTOMER_CONSUMER_GROUP,
    subscriptions: { [TOPICS.orderEvents]: CONSUMED_ORDER_EVENTS.join(' || ') },
    handler: orderEventsHandler(deps),
    logger: deps.logger,
  });
