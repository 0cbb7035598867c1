import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { processOnce } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { StockReturnStore } from '../../../app/ports.js';
import { returnReason } from '../../../domain/stock-ledger.js';
import { reservationStatus } from '../../../domain/stock-return.js';
import { STOCK_BRANCH } from './reservation-repository.js';

const noCrash: CrashHook = () => {};

/**
 * StockReturnStore over the product database: tcc_barrier and stock_reservations tell what a checkout sold;
 * a return moves those units in skus from sold to available, writes RETURN rows in stock_adjustments (unique per
 * order and SKU) and the consumer group's processed_messages row, all in one local transaction. `crashAt` is the
 * test-only hook of services.product.crash_at (`return-stock:before-commit`: the database rolls the return back;
 * `return-stock:after-commit`: durable, but the StockReturned half message is left to the broker's check-back).
 */
export const createStockReturnRepository = (pool: Pool, options: { group: string; crashAt?: CrashHook }): StockReturnStore => {
  const { group } = options;
  const crashAt = options.crashAt ?? noCrash;
  return {
    reservationOf: async (xid) => {
      // Both in one statement, so the phases and the rows come from one snapshot.
      const { rows } = await pool.query<{ phases: string[]; sku_ids: string[] | null; quantities: bigint[] | null }>(
        `select array(select phase from tcc_barrier where xid = $1 and branch_id = $2) as phases,
                array(select sku_id::text from stock_reservations where xid = $1 order by sku_id) as sku_ids,
                array(select quantity from stock_reservations where xid = $1 order by sku_id) as quantities`,
        [xid, STOCK_BRANCH],
      );
      const row = rows[0]!;
      const phases = new Set(row.phases);
      const skuIds = row.sku_ids ?? [];
      const quantities = row.quantities ?? [];
      return {
        status: reservationStatus({ tried: phases.has('try'), confirmed: phases.has('confirm'), cancelled: phases.has('cancel') }),
        lines: skuIds.map((skuId, i) => ({ skuId, quantity: Number(quantities[i]) })),
      };
    },

    isProcessed: async (eventId) => {
      const { rowCount } = await pool.query('select 1 from processed_messages where consumer_group = $1 and message_id = $2', [
        group,
        eventId,
      ]);
      return rowCount === 1;
    },

    applyReturn: async (eventId, { orderId, xid, lines }) => {
      const outcome = await withTransaction(pool, async (client) => {
        if (!(await processOnce(client, group, eventId))) return 'duplicate' as const;
        // Returned already under another event id (none is expected: OrderCancelled ids are per order): a second
        // return would give the units back twice. The unique index catches the concurrent case (then a retry ends here).
        const earlier = await client.query(`select 1 from stock_adjustments where kind = 'RETURN' and order_id = $1 limit 1`, [orderId]);
        if (earlier.rowCount === 1) return 'duplicate' as const;
        const skuIds = lines.map((line) => line.skuId);
        const quantities = lines.map((line) => line.quantity);
        // Rows locked in id order, as every checkout phase does, so a return and checkouts of the same SKUs queue
        // instead of deadlocking. Deleted SKUs too: their sold units are accounted for like any other.
        await client.query('select id from skus where id = any($1::uuid[]) order by id for update', [skuIds]);
        await client.query(
          `update skus set sold = sold - t.quantity, available = available + t.quantity, updated_at = now()
             from unnest($1::uuid[], $2::bigint[]) as t(id, quantity) where skus.id = t.id`,
          [skuIds, quantities],
        );
        // The unique index (order_id, sku_id) refuses a second return of the same order even under another event id.
        await client.query(
          `insert into stock_adjustments (sku_id, delta, reason, kind, order_id, xid, quantity)
           select id, 0, $3, 'RETURN', $4, $5, quantity from unnest($1::uuid[], $2::bigint[]) as t(id, quantity)`,
          [skuIds, quantities, returnReason(orderId), orderId, xid],
        );
        crashAt('return-stock:before-commit');
        return 'applied' as const;
      });
      crashAt('return-stock:after-commit');
      return outcome;
    },

    markProcessed: (eventId) => withTransaction(pool, (client) => processOnce(client, group, eventId)),
  };
};
