import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { withBarrier, type BarrierOutcome, type BranchPhase, type CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { ReservationStore } from '../../../app/ports.js';
import type { StockLevels } from '../../../domain/stock.js';

/** The branch id of the stock participant in tcc_barrier rows. */
export const STOCK_BRANCH = 'stock';

interface LevelsRow {
  id: string;
  available: bigint;
  reserved: bigint;
  sold: bigint;
}

// Every phase locks its SKU rows in id order before changing any, so checkouts sharing SKUs queue instead of
// deadlocking (an UPDATE ... FROM alone locks in whatever order its join produces).
const lockSkus = async (client: PoolClient, where: string, params: unknown[]): Promise<LevelsRow[]> =>
  (await client.query<LevelsRow>(`select id, available, reserved, sold from skus where ${where} order by id for update`, params)).rows;

const RESERVED_UNDER_XID = 'id in (select sku_id from stock_reservations where xid = $1)';

// Moves the xid's reserved units to `target` (sold on confirm, available on cancel); none if the xid holds nothing.
// Answers the SKUs whose units moved.
const release = async (client: PoolClient, xid: string, target: 'sold' | 'available'): Promise<string[]> => {
  const locked = await lockSkus(client, RESERVED_UNDER_XID, [xid]);
  await client.query(
    `update skus set reserved = reserved - r.quantity, ${target} = ${target} + r.quantity, updated_at = now()
     from stock_reservations r where r.xid = $1 and skus.id = r.sku_id`,
    [xid],
  );
  return locked.map((row) => row.id);
};

const noCrash: CrashHook = () => {};

// One TCC phase in one local transaction, with the test-only crash points `<phase>-reserve:before-commit`
// (the database rolls the phase back) and `<phase>-reserve:after-commit` (durable, but nobody is answered).
const runPhase = async (
  pool: Pool,
  crashAt: CrashHook,
  xid: string,
  phase: BranchPhase,
  action: (client: PoolClient) => Promise<void>,
): Promise<BarrierOutcome> => {
  const outcome = await withTransaction(pool, async (client) => {
    const result = await withBarrier(client, { xid, branchId: STOCK_BRANCH }, phase, () => action(client));
    crashAt(`${phase}-reserve:before-commit`);
    return result;
  });
  crashAt(`${phase}-reserve:after-commit`);
  return outcome;
};

/**
 * ReservationStore over the product database: skus, stock_reservations and tcc_barrier, each phase in one local
 * transaction. Units only move between available, reserved and sold, so available + reserved + sold keeps equal
 * to the sum of the SKU's stock_adjustments. Confirm and cancel also reach SKUs deleted since the try: their
 * units stay accounted for. `crashAt` is the test-only hook of services.product.crash_at.
 */
export const createReservationRepository = (pool: Pool, crashAt: CrashHook = noCrash): ReservationStore => ({
  tryReserve: (xid, lines, check) =>
    runPhase(pool, crashAt, xid, 'try', async (client) => {
      const skuIds = lines.map((line) => line.skuId);
      const quantities = lines.map((line) => line.quantity);
      const rows = await lockSkus(client, 'id = any($1::uuid[]) and deleted_at is null', [skuIds]);
      // int8 counts arrive as bigint; stock is bounded at MAX_STOCK, far inside the safe-integer range.
      check(
        new Map<string, StockLevels>(
          rows.map((row) => [row.id, { available: Number(row.available), reserved: Number(row.reserved), sold: Number(row.sold) }]),
        ),
      );
      await client.query(
        `update skus set available = available - t.quantity, reserved = reserved + t.quantity, updated_at = now()
         from unnest($1::uuid[], $2::bigint[]) as t(id, quantity) where skus.id = t.id`,
        [skuIds, quantities],
      );
      await client.query(
        `insert into stock_reservations (xid, sku_id, quantity)
         select $1, id, quantity from unnest($2::uuid[], $3::bigint[]) as t(id, quantity)`,
        [xid, skuIds, quantities],
      );
    }),
  confirm: (xid) =>
    runPhase(pool, crashAt, xid, 'confirm', async (client) => {
      await release(client, xid, 'sold');
    }),
  cancel: async (xid) => {
    let skuIds: string[] = [];
    const outcome = await runPhase(pool, crashAt, xid, 'cancel', async (client) => {
      skuIds = await release(client, xid, 'available');
    });
    return { outcome, skuIds };
  },
});
