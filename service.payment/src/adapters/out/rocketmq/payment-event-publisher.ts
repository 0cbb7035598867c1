import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { PaymentEvents } from '../../../app/ports.js';

/** PaymentEvents over a RocketMQ transactional producer: topic payment-events, tag = type, keys = [payment_id]. */
export const createPaymentEventPublisher = (producer: EventProducer): PaymentEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(TOPICS.paymentEvents, event, [event.data.payment_id], localTransaction),
});
