import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { ProductEvents } from '../../../app/ports.js';

/** ProductEvents over a RocketMQ transactional producer: topic product-events, tag = type, keys = [order_id]. */
export const createProductEventPublisher = (producer: Pick<EventProducer, 'publishInTransaction'>): ProductEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(TOPICS.productEvents, event, [event.data.order_id], localTransaction),
});
