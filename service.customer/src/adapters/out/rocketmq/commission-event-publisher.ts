import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { CommissionEvents } from '../../../app/ports.js';

/** CommissionEvents over a RocketMQ transactional producer: topic customer-events, tag = type, keys = [order_id]. */
export const createCommissionEventPublisher = (producer: EventProducer): CommissionEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(TOPICS.customerEvents, event, [event.data.order_id], localTransaction),
});
