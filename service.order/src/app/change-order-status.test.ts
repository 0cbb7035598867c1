import { describe, expect, it } from 'vitest';
import { FakeOrderEvents } from '../../test/fakes/fake-order-events.js';
import { transitionOf } from '../domain/order-status.js';
import type { Order } from '../domain/order.js';
import { CUSTOMER_CANCEL_REASON, makeChangeOrderStatus } from './change-order-status.js';
import type { OrderRepository, OrderTransitions, StatusChangeCommand } from './ports.js';

const OWNER = { customerId: 'c-1', staff: false };
const STRANGER = { customerId: 'c-2', staff: false };
const STAFF = { customerId: 's-1', staff: true };

const paidOrder = (): Order => ({
  id: 'o-1',
  customerId: OWNER.customerId,
  xid: 'x-1',
  status: 'PAID',
  cancelReason: null,
  cancelledBy: null,
  refund: null,
  totalCents: 2500n,
  items: [{ skuId: 'sku-a', title: 'A', quantity: 2, unitPriceCents: 1250n }],
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

// One order in memory; the fake transitions apply the domain rule as the repository does under its lock.
const setup = (order = paidOrder()) => {
  const applied: StatusChangeCommand[] = [];
  const orders: OrderRepository = {
    findById: async (customerId, id) => (id === order.id && customerId === order.customerId ? order : null),
    find: async (id) => (id === order.id ? order : null),
    findByIdempotencyKey: async () => null,
    list: async () => ({ orders: [order], total: 1 }),
  };
  const transitions: OrderTransitions = {
    async apply(command) {
      const rule = transitionOf(order, command.action);
      applied.push(command);
      Object.assign(order, {
        status: rule.to,
        cancelReason: command.reason ?? order.cancelReason,
        cancelledBy: command.cancelledBy ?? order.cancelledBy,
      });
    },
  };
  const events = new FakeOrderEvents();
  const change = makeChangeOrderStatus({ orders, transitions, events, now: () => new Date('2026-01-01T00:00:00Z') });
  return { order, applied, events, change };
};

describe('changeOrderStatus', () => {
  it('lets staff accept, ship and deliver, publishing each with the staff member as actor and the paid total', async () => {
    const { change, events } = setup();
    for (const action of ['accept', 'ship', 'deliver'] as const) await change({ viewer: STAFF, orderId: 'o-1', action, reason: null });
    expect(events.published.map((e) => [e.type, e.data])).toEqual([
      ['OrderAccepted', { order_id: 'o-1', customer_id: 'c-1', status: 'ACCEPTED', actor_id: 's-1', total_cents: 2500 }],
      ['OrderShipped', { order_id: 'o-1', customer_id: 'c-1', status: 'SHIPPED', actor_id: 's-1', total_cents: 2500 }],
      ['OrderDelivered', { order_id: 'o-1', customer_id: 'c-1', status: 'DELIVERED', actor_id: 's-1', total_cents: 2500 }],
    ]);
  });

  it('refuses fulfilment to customers (403) even on their own order', async () => {
    const { change, applied } = setup();
    await expect(change({ viewer: OWNER, orderId: 'o-1', action: 'accept', reason: null })).rejects.toMatchObject({ reason: 'FORBIDDEN' });
    expect(applied).toHaveLength(0);
  });

  it("lets the customer cancel their own paid order without a reason, announcing the refund's facts", async () => {
    const { change, events, order } = setup();
    const result = await change({ viewer: OWNER, orderId: 'o-1', action: 'cancel', reason: null });
    expect(result).toMatchObject({ status: 'CANCELLED', cancelledBy: 'customer', cancelReason: CUSTOMER_CANCEL_REASON });
    expect(events.published[0]).toMatchObject({
      id: `OrderCancelled:${order.id}`,
      data: {
        order_id: 'o-1',
        customer_id: 'c-1',
        reason: CUSTOMER_CANCEL_REASON,
        paid: true,
        cancelled_by: 'customer',
        xid: 'x-1',
        total_cents: 2500,
        items: [{ sku_id: 'sku-a', quantity: 2 }],
      },
    });
  });

  it("hides another customer's order (404) and lets staff cancel it only with a reason (422 naming the field)", async () => {
    const { change, applied } = setup();
    await expect(change({ viewer: STRANGER, orderId: 'o-1', action: 'cancel', reason: null })).rejects.toMatchObject({
      reason: 'ORDER_NOT_FOUND',
    });
    await expect(change({ viewer: STAFF, orderId: 'o-1', action: 'cancel', reason: null })).rejects.toMatchObject({
      kind: 'FAILED_PRECONDITION',
      reason: 'REASON_REQUIRED',
      details: { fields: [expect.objectContaining({ field: 'reason' })] },
    });
    expect(applied).toHaveLength(0);
    const result = await change({ viewer: STAFF, orderId: 'o-1', action: 'cancel', reason: 'damaged in stock' });
    expect(result).toMatchObject({ status: 'CANCELLED', cancelledBy: 'staff', cancelReason: 'damaged in stock' });
  });

  it('answers 409 with the current status before publishing anything when the status forbids it', async () => {
    const shipped = { ...paidOrder(), status: 'SHIPPED' as const };
    const { change, events } = setup(shipped);
    await expect(change({ viewer: OWNER, orderId: 'o-1', action: 'cancel', reason: null })).rejects.toMatchObject({
      reason: 'ORDER_STATUS_CONFLICT',
      httpStatus: 409,
      details: { status: 'SHIPPED' },
    });
    expect(events.published).toHaveLength(0);
  });
});
