import type { EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { OrderEvents } from '../../../app/ports.js';
import { ORDER_EVENTS_TOPIC } from '../../../domain/order-event.js';

/** OrderEvents over a RocketMQ transactional producer: topic order-events, tag = type, keys = [order_id]. */
export const createOrderEventPublisher = (producer: EventProducer): OrderEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(ORDER_EVENTS_TOPIC, event, [event.data.order_id], localTransaction),
});
