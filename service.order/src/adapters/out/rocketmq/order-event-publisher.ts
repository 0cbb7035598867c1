import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { OrderEvents } from '../../../app/ports.js';

/** OrderEvents over a RocketMQ transactional producer: topic order-events, tag = type, keys = [order_id]. */
export const createOrderEventPublisher = (producer: EventProducer): OrderEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(TOPICS.orderEvents, event, [event.data.order_id], localTransaction),
});
