import { randomUUID } from 'node:crypto';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import { createOrderParticipant } from '../src/adapters/out/postgres/order-participant.js';
import { createOrderTransitions } from '../src/adapters/out/postgres/order-transitions.js';
import type { NewOrder } from '../src/app/ports.js';
import { FakeOrderEvents } from './fakes/fake-order-events.js';

/** The one line of a fixture order. */
export interface FixtureLine {
  title: string;
  quantity: number;
  unitPriceCents: bigint;
}

/** A new order of one line, every id fresh. */
export const newOrder = (line: FixtureLine = { title: 'Kettle', quantity: 1, unitPriceCents: 1500n }): NewOrder => ({
  id: randomUUID(),
  xid: randomUUID(),
  placedAt: new Date(),
  customerId: randomUUID(),
  idempotencyKey: null,
  totalCents: line.unitPriceCents * BigInt(line.quantity),
  items: [{ skuId: randomUUID(), ...line }],
});

/**
 * Orders at each stage of their life, written into the order database the way the service writes them (the
 * checkout's order participant, staff's transitions), so their history rows are there too.
 */
export const orderFixtures = (pool: Pool) => {
  const participant = createOrderParticipant(pool, new FakeOrderEvents());
  const transitions = createOrderTransitions(pool);
  const pending = async (line?: FixtureLine) => {
    const order = newOrder(line);
    await participant.try(order.xid, order);
    return order;
  };
  const paid = async (line?: FixtureLine) => {
    const order = await pending(line);
    await participant.confirm(order.xid);
    return order;
  };
  const cancelledAfterPayment = async (options: { line?: FixtureLine; by?: 'customer' | 'staff'; reason?: string } = {}) => {
    const order = await paid(options.line);
    await transitions.apply({
      orderId: order.id,
      action: 'cancel',
      actorId: order.customerId,
      reason: options.reason ?? 'no longer needed',
      cancelledBy: options.by ?? 'customer',
    });
    return order;
  };
  return { participant, transitions, pending, paid, cancelledAfterPayment };
};
