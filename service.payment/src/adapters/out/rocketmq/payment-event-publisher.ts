import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { PaymentEvent, PaymentEvents } from '../../../app/ports.js';

// keys = the aggregate id: the top-up's payment for WalletCredited, the order for RefundIssued.
const keysOf = (event: PaymentEvent): string[] => [event.type === 'WalletCredited' ? event.data.payment_id : event.data.order_id];

/** PaymentEvents over a RocketMQ transactional producer: topic payment-events, tag = type. */
export const createPaymentEventPublisher = (producer: EventProducer): PaymentEvents => ({
  publishWith: (event, localTransaction) => producer.publishInTransaction(TOPICS.paymentEvents, event, keysOf(event), localTransaction),
});
