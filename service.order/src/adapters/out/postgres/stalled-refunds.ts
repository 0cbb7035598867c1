import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { StalledRefunds } from '../../../app/resend-stalled-refunds.js';
import { ORDER_SELECT, toOrder, type OrderRow } from './order-row.js';

/**
 * Orders cancelled after payment that still miss a confirmation, last changed in [changedBefore - giveUpAfterMs,
 * changedBefore): past that window an operator looks (the log says which), instead of every replica announcing
 * them again forever.
 */
export const createStalledRefunds = (pool: Pool, options: { giveUpAfterMs: number }): StalledRefunds => ({
  async find(changedBefore, limit) {
    const { rows } = await pool.query<OrderRow>(
      `${ORDER_SELECT}
        WHERE o.status = 'CANCELLED' AND o.cancelled_by IN ('customer', 'staff')
          AND (o.refund_issued_at IS NULL OR o.stock_returned_at IS NULL)
          AND o.updated_at < $1 AND o.updated_at >= $1::timestamptz - make_interval(secs => $2::double precision / 1000)
        ORDER BY o.updated_at LIMIT $3`,
      [changedBefore, options.giveUpAfterMs, limit],
    );
    return rows.map(toOrder);
  },
});
