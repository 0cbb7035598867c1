import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import type { Clock } from '../../../app/ports.js';
import { decideStockReturned } from '../../../domain/product-event.js';

const systemClock: Clock = { now: () => new Date() };

/**
 * Answers the broker's check-backs for product events from the stock ledger: a StockReturned commits once the
 * order's RETURN rows exist, so a crash between the return's commit and the message commit neither loses nor
 * invents the event.
 */
export const createProductEventChecker =
  (pool: Pool, clock: Clock = systemClock): TransactionChecker =>
  async (event) => {
    const orderId = (event.data as { order_id?: unknown } | null)?.order_id;
    if (event.type !== 'StockReturned' || typeof orderId !== 'string') return 'ROLLBACK';
    const { rowCount } = await pool.query(`select 1 from stock_adjustments where kind = 'RETURN' and order_id = $1 limit 1`, [orderId]);
    return decideStockReturned(event.type, rowCount === 1, event.occurred_at, clock.now());
  };
