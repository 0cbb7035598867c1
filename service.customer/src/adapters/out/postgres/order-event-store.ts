import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { processOnce } from '@micro-ecommerce/pkg/rocketmq';
import type { NewNotification, OrderEventEffects, OrderEventStore } from '../../../app/ports.js';
import { isCustomerId } from '../../../domain/customer.js';
import type { ReferralCommission } from '../../../domain/referral-commission.js';
import { readCommission } from './referral-commission-row.js';

const insertNotification = `
  INSERT INTO notifications (customer_id, order_id, event_id, kind, subject, body)`;
const notificationValues = (n: NewNotification) => [n.orderId, n.eventId, n.kind, n.subject, n.body];

// The writes of one order event, on the client of its transaction.
const effectsOn = (client: PoolClient, group: string): OrderEventEffects => ({
  async awardPoints(customerId, points) {
    const { rowCount } = await client.query('UPDATE customers SET loyalty_points = loyalty_points + $2 WHERE id = $1', [
      customerId,
      points,
    ]);
    return rowCount === 1;
  },

  async revokePoints(customerId, points) {
    const { rows } = await client.query<{ loyalty_points: bigint }>('SELECT loyalty_points FROM customers WHERE id = $1 FOR UPDATE', [
      customerId,
    ]);
    if (rows[0] === undefined) return 0;
    // Points spent since stay spent: take back what is there, at most what the order earned.
    const taken = Math.min(points, Number(rows[0].loyalty_points));
    await client.query('UPDATE customers SET loyalty_points = loyalty_points - $2 WHERE id = $1', [customerId, taken]);
    return taken;
  },

  async wasProcessed(eventId) {
    const { rowCount } = await client.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [
      group,
      eventId,
    ]);
    return rowCount === 1;
  },

  async notifyCustomer(customerId, notification) {
    // Selecting the customer makes an unknown one write nothing (instead of failing the foreign key).
    const { rows } = await client.query<{ id: string }>(
      `${insertNotification} SELECT id, $2, $3, $4, $5, $6 FROM customers WHERE id = $1
       ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING RETURNING id`,
      [customerId, ...notificationValues(notification)],
    );
    return rows[0]?.id ?? null;
  },

  async notifyStaff(notification) {
    const { rows } = await client.query<{ id: string }>(
      `${insertNotification} SELECT id, $1, $2, $3, $4, $5 FROM customers WHERE role = 'staff'
       ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING RETURNING id`,
      notificationValues(notification),
    );
    return rows.map((row) => row.id);
  },

  async earnCommission(c) {
    const { rowCount } = await client.query(
      `INSERT INTO referral_commissions (order_id, referrer_id, referred_customer_id, amount_cents, state)
       VALUES ($1, $2, $3, $4, 'EARNED') ON CONFLICT (order_id) DO NOTHING`,
      [c.orderId, c.referrerId, c.referredCustomerId, c.amountCents],
    );
    return rowCount === 1;
  },

  async reverseCommission(orderId) {
    const { rowCount } = await client.query(
      `UPDATE referral_commissions SET state = 'REVERSED', reversed_at = now() WHERE order_id = $1 AND state = 'EARNED'`,
      [orderId],
    );
    return rowCount === 1;
  },
});

/**
 * The order-events consumer's storage in the customer database: every effect of one event and its
 * processed_messages row commit together, for one consumer group.
 */
export class PostgresOrderEventStore implements OrderEventStore {
  constructor(
    private readonly pool: Pool,
    private readonly consumerGroup: string,
  ) {}

  async isProcessed(eventId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [
      this.consumerGroup,
      eventId,
    ]);
    return rowCount === 1;
  }

  async referrerOf(customerId: string): Promise<string | null> {
    if (!isCustomerId(customerId)) return null;
    const { rows } = await this.pool.query<{ referred_by: string | null }>('SELECT referred_by FROM customers WHERE id = $1', [customerId]);
    return rows[0]?.referred_by ?? null;
  }

  commissionOf(orderId: string): Promise<ReferralCommission | null> {
    return readCommission(this.pool, orderId);
  }

  applyOnce<T>(
    eventId: string,
    work: (effects: OrderEventEffects) => Promise<T>,
  ): Promise<{ applied: true; result: T } | { applied: false }> {
    return withTransaction(this.pool, async (client) => {
      if (!(await processOnce(client, this.consumerGroup, eventId))) return { applied: false as const };
      return { applied: true as const, result: await work(effectsOn(client, this.consumerGroup)) };
    });
  }
}
