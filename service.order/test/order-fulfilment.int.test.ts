import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrderHarness, type OrderHarness } from './order-harness.js';

// Staff fulfilment and cancellation over HTTP, with the real transactional producer and checker.

let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness();
});
afterAll(async () => {
  await h?.stop();
});

const paidOrder = () => h.paidOrder({ priceCents: 700n, quantity: 2 });

const post = (authorization: string, orderId: string, action: string, body?: unknown) =>
  h.api(authorization, 'POST', `/api/v1/order/${orderId}/${action}`, body);

describe('fulfilment: POST /api/v1/order/{id}/accept | ship | deliver', () => {
  it('moves a paid order to DELIVERED step by step (staff), visible to its customer', async () => {
    const { customer, orderId } = await paidOrder();
    const staff = await h.newStaff();
    for (const [action, status] of [
      ['accept', 'ACCEPTED'],
      ['ship', 'SHIPPED'],
      ['deliver', 'DELIVERED'],
    ] as const) {
      const res = await post(staff.authorization, orderId, action);
      expect(res.status, action).toBe(200);
      expect(res.body.data).toMatchObject({ id: orderId, status, customer_id: customer.id, cancelled_by: null, refund: null });
    }
    expect((await h.api(customer.authorization, 'GET', `/api/v1/order/${orderId}`)).body.data.status).toBe('DELIVERED');
  });

  it('refuses customers (403), unknown orders (404) and a step out of order (409 with the current status)', async () => {
    const { customer, orderId } = await paidOrder();
    const staff = await h.newStaff();
    expect((await post(customer.authorization, orderId, 'accept')).body.error.code).toBe('FORBIDDEN');
    expect((await post(staff.authorization, crypto.randomUUID(), 'accept')).status).toBe(404);
    const early = await post(staff.authorization, orderId, 'ship');
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'PAID', order_id: orderId } });
    expect((await post(staff.authorization, orderId, 'accept')).status).toBe(200);
    expect((await post(staff.authorization, orderId, 'accept')).body.error.details.status).toBe('ACCEPTED');
  });
});

describe('cancel: POST /api/v1/order/{id}/cancel', () => {
  it('lets the customer cancel their PAID order without a body: CANCELLED, refund pending', async () => {
    const { customer, orderId } = await paidOrder();
    const res = await post(customer.authorization, orderId, 'cancel');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'CANCELLED',
      cancelled_by: 'customer',
      cancel_reason: 'CANCELLED_BY_CUSTOMER',
      refund: { refund_issued: false, stock_returned: false, refund_issued_at: null, stock_returned_at: null },
    });
    // Twice is a conflict, not a second cancellation.
    expect((await post(customer.authorization, orderId, 'cancel')).body.error).toMatchObject({
      code: 'ORDER_STATUS_CONFLICT',
      details: { status: 'CANCELLED' },
    });
  });

  it("lets the customer give a reason, and hides another customer's order (404)", async () => {
    const { customer, orderId } = await paidOrder();
    const stranger = await h.newCustomer();
    expect((await post(stranger.authorization, orderId, 'cancel')).status).toBe(404);
    const res = await post(customer.authorization, orderId, 'cancel', { reason: 'found it cheaper' });
    expect(res.body.data).toMatchObject({ status: 'CANCELLED', cancel_reason: 'found it cheaper' });
  });

  it('requires a reason from staff (422 naming it), then cancels an ACCEPTED order; not once SHIPPED', async () => {
    const { orderId } = await paidOrder();
    const staff = await h.newStaff();
    await post(staff.authorization, orderId, 'accept');
    const missing = await post(staff.authorization, orderId, 'cancel');
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('REASON_REQUIRED');
    expect(missing.body.error.details.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    const blank = await post(staff.authorization, orderId, 'cancel', { reason: '   ' });
    expect(blank.status).toBe(400);
    const res = await post(staff.authorization, orderId, 'cancel', { reason: 'damaged in the warehouse' });
    expect(res.body.data).toMatchObject({ status: 'CANCELLED', cancelled_by: 'staff', cancel_reason: 'damaged in the warehouse' });

    const shipped = await paidOrder();
    await post(staff.authorization, shipped.orderId, 'accept');
    await post(staff.authorization, shipped.orderId, 'ship');
    const late = await post(shipped.customer.authorization, shipped.orderId, 'cancel');
    expect(late.status).toBe(409);
    expect(late.body.error.details.status).toBe('SHIPPED');
  });

  it('refuses a body that is not JSON', async () => {
    const { customer, orderId } = await paidOrder();
    const res = await h.api(customer.authorization, 'POST', `/api/v1/order/${orderId}/cancel`, undefined, { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});

describe('staff reads: GET /api/v1/order/{id} and ?scope=all&status=', () => {
  it("lets staff read any order and list everyone's by status; customers keep their own", async () => {
    const { customer, orderId } = await paidOrder();
    const staff = await h.newStaff();
    expect((await h.api(staff.authorization, 'GET', `/api/v1/order/${orderId}`)).body.data.customer_id).toBe(customer.id);
    await post(staff.authorization, orderId, 'accept');

    const accepted = await h.api(staff.authorization, 'GET', '/api/v1/order?scope=all&status=ACCEPTED&page_size=100');
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.every((order: { status: string }) => order.status === 'ACCEPTED')).toBe(true);
    expect(accepted.body.data.map((order: { id: string }) => order.id)).toContain(orderId);

    expect((await h.api(customer.authorization, 'GET', '/api/v1/order?scope=all')).status).toBe(403);
    const own = await h.api(customer.authorization, 'GET', '/api/v1/order?status=ACCEPTED');
    expect(own.body.data.map((order: { id: string }) => order.id)).toEqual([orderId]);
    expect((await h.api(customer.authorization, 'GET', '/api/v1/order?status=PAID')).body.page.total).toBe(0);
    expect((await h.api(customer.authorization, 'GET', '/api/v1/order?status=LOST')).status).toBe(400);
  });
});

describe('OpenAPI document', () => {
  it('documents the fulfilment, cancel and live-tracking routes', async () => {
    const doc = await h.api(null, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    for (const action of ['accept', 'ship', 'deliver', 'cancel'])
      expect(doc.body.paths[`/api/v1/order/{id}/${action}`]?.post, action).toBeDefined();
    const events = doc.body.paths['/api/v1/order/{id}/events'].get;
    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(doc.body.components.schemas.Order.properties.status.enum).toContain('REFUNDED');
  });
});
