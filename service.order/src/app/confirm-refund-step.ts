import { orderRefunded } from '../domain/order-event.js';
import { confirmRefundStep, type RefundStep } from '../domain/order-status.js';
import type { OrderEvents, OrderRepository, RefundConfirmations, RefundStepResult } from './ports.js';

export interface ConfirmRefundStepCommand {
  eventId: string;
  orderId: string;
  step: RefundStep;
}

export type ConfirmRefundStep = (command: ConfirmRefundStepCommand) => Promise<RefundStepResult>;

/**
 * Records payment's RefundIssued or product's StockReturned on an order cancelled after payment; the one that
 * completes the pair moves it to REFUNDED and publishes OrderRefunded in the same local transaction. Whether
 * this one completes it is read first: only then is the OrderRefunded half message sent around the local
 * transaction. If the other confirmation lands in between (two consumers at once), the local transaction finds
 * the pair complete without a message, throws, and the broker's redelivery takes the message path.
 */
export const makeConfirmRefundStep =
  (deps: { orders: OrderRepository; confirmations: RefundConfirmations; events: OrderEvents; now?: () => Date }): ConfirmRefundStep =>
  async (command) => {
    const order = await deps.orders.find(command.orderId);
    if (order === null) return deps.confirmations.record({ ...command, mayComplete: false });
    const event = orderRefunded(
      { order_id: order.id, customer_id: order.customerId, total_cents: Number(order.totalCents) },
      (deps.now ?? (() => new Date()))(),
    );
    // A confirmation arriving for a REFUNDED order is a redelivery (or payment announcing again): OrderRefunded is
    // announced again with the same id, in case the first one died with this process after its commit and the
    // broker's check-backs gave up meanwhile. Consumers drop the copy.
    if (order.status === 'REFUNDED') await deps.events.publishWith(event, async () => undefined);
    const outcome = confirmRefundStep(order, command.step, new Date());
    if (outcome === null || !outcome.complete) return deps.confirmations.record({ ...command, mayComplete: false });
    return deps.events.publishWith(event, () => deps.confirmations.record({ ...command, mayComplete: true }));
  };
