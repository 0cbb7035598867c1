import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { OrderEvents } from '../../../app/ports.js';

/**
 * OrderEvents over a RocketMQ transactional producer: topic order-events, tag = type, keys = [order_id].
 * `crashAt` (test only) is called with 'event:after-local-commit' once the local transaction has committed and
 * before the producer commits the half message: a hook that exits the process there leaves the message for the
 * broker's check-back, as a process killed between the two commits would.
 */
export const createOrderEventPublisher = (producer: EventProducer, crashAt?: CrashHook): OrderEvents => ({
  publishWith: (event, localTransaction) =>
    producer.publishInTransaction(
      TOPICS.orderEvents,
      event,
      [event.data.order_id],
      crashAt === undefined
        ? localTransaction
        : async () => {
            const result = await localTransaction();
            crashAt('event:after-local-commit');
            return result;
          },
    ),
});
