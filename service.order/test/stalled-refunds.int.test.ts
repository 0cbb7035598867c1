import { createPool } from '@micro-ecommerce/pkg/postgres';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createStalledRefunds } from '../src/adapters/out/postgres/stalled-refunds.js';
import { makeResendStalledRefunds } from '../src/app/resend-stalled-refunds.js';
import { FakeOrderEvents } from './fakes/fake-order-events.js';
import { config } from './order-harness.js';
import { orderFixtures } from './order-fixtures.js';

// The stalled-refund follow-up against the real order database. Order ids are unique to this run; the database is
// shared with other tests, so only this run's orders are looked at among what was announced.

const pool = createPool(config.postgres, 'order');
const fixtures = orderFixtures(pool);
afterAll(() => pool.end());

const MINUTE = 60_000;

/** A paid order cancelled by `cancelledBy`, last changed `ageMs` ago (its refund unconfirmed unless `confirmed`). */
const cancelledOrder = async (ageMs: number, cancelledBy: 'customer' | 'staff', confirmed = false) => {
  const order = await fixtures.cancelledAfterPayment({ by: cancelledBy, reason: 'broken on arrival' });
  await pool.query(
    `UPDATE orders SET updated_at = now() - make_interval(secs => $2::double precision / 1000),
            refund_issued_at = CASE WHEN $3 THEN now() END, stock_returned_at = CASE WHEN $3 THEN now() END
      WHERE id = $1`,
    [order.id, ageMs, confirmed],
  );
  return order;
};

describe('resendStalledRefunds (real order database)', () => {
  it('announces OrderCancelled again, same id and data, for refunds unconfirmed past the stall and within the give-up window', async () => {
    const stalled = await cancelledOrder(5 * MINUTE, 'staff');
    const recent = await cancelledOrder(0, 'customer');
    const abandoned = await cancelledOrder(3 * 24 * 60 * MINUTE, 'customer');
    const confirmed = await cancelledOrder(5 * MINUTE, 'customer', true);
    const events = new FakeOrderEvents();
    const resend = makeResendStalledRefunds({
      stalled: createStalledRefunds(pool, { giveUpAfterMs: 24 * 60 * MINUTE }),
      events,
      stalledAfterMs: 2 * MINUTE,
      logger: pino({ level: 'silent' }),
    });

    await resend(10_000);

    const ours = new Set([stalled.id, recent.id, abandoned.id, confirmed.id]);
    const announced = events.published.filter((event) => ours.has(event.data.order_id));
    expect(announced).toEqual([
      expect.objectContaining({
        id: `OrderCancelled:${stalled.id}`,
        type: 'OrderCancelled',
        data: {
          order_id: stalled.id,
          customer_id: stalled.customerId,
          reason: 'broken on arrival',
          paid: true,
          cancelled_by: 'staff',
          xid: stalled.xid,
          total_cents: 1500,
          items: [{ sku_id: stalled.items[0]!.skuId, quantity: 1 }],
        },
      }),
    ]);
  });
});
