import { randomUUID } from 'node:crypto';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { NewSku, SkuRepository } from '../../../app/ports.js';
import type { Sku } from '../../../domain/sku.js';
import { INITIAL_STOCK_REASON } from '../../../domain/stock.js';
import { toLedgerEntry, type LedgerRow } from './stock-ledger-row.js';

interface SkuRow {
  id: string;
  product_id: string;
  price_cents: bigint;
  available: bigint;
  reserved: bigint;
  sold: bigint;
}

const COLUMNS = 'id, product_id, price_cents, available, reserved, sold';

// int8 columns arrive as bigint; prices and stock are bounded at the edge well inside the safe-integer range.
const toSku = (row: SkuRow): Sku => ({
  id: row.id,
  productId: row.product_id,
  priceCents: Number(row.price_cents),
  available: Number(row.available),
  reserved: Number(row.reserved),
  sold: Number(row.sold),
});

// Ids are chosen here rather than by the database so the answer can follow the input order exactly.
const insertSkus = async (client: PoolClient, productId: string, skus: readonly NewSku[]): Promise<Sku[]> => {
  if (skus.length === 0) return [];
  const ids = skus.map(() => randomUUID());
  const stock = skus.map((s) => s.stock);
  await client.query(
    `insert into skus (id, product_id, price_cents, available)
     select id, $2, price, stock from unnest($1::uuid[], $3::bigint[], $4::bigint[]) as t(id, price, stock)`,
    [ids, productId, skus.map((s) => s.priceCents), stock],
  );
  // The initial stock is an adjustment like any other, so the ledger sums to the SKU's total units.
  await client.query(
    `insert into stock_adjustments (sku_id, delta, reason)
     select id, stock, $3 from unnest($1::uuid[], $2::bigint[]) as t(id, stock)`,
    [ids, stock, INITIAL_STOCK_REASON],
  );
  return skus.map((s, i) => ({ id: ids[i]!, productId, priceCents: s.priceCents, available: s.stock, reserved: 0, sold: 0 }));
};

/** SkuRepository over the product database's skus and stock_adjustments tables. */
export const createSkuRepository = (pool: Pool): SkuRepository => ({
  create: (productId, skus) => withTransaction(pool, (client) => insertSkus(client, productId, skus)),

  change: (productId, prices, added) =>
    withTransaction(pool, async (client) => {
      if (prices.length > 0) {
        const { rowCount } = await client.query(
          `update skus set price_cents = t.price, updated_at = now()
           from unnest($2::uuid[], $3::bigint[]) as t(id, price)
           where skus.id = t.id and skus.product_id = $1 and skus.deleted_at is null`,
          [productId, prices.map((p) => p.skuId), prices.map((p) => p.priceCents)],
        );
        if (rowCount !== prices.length)
          throw new AppError('NOT_FOUND', `product ${productId} lost a SKU being repriced`, { reason: 'SKU_NOT_FOUND' });
      }
      return insertSkus(client, productId, added);
    }),

  findByProducts: async (productIds) => {
    const { rows } = await pool.query<SkuRow>(
      `select ${COLUMNS} from skus where product_id = any($1::text[]) and deleted_at is null order by created_at, id`,
      [productIds],
    );
    return rows.map(toSku);
  },

  findByIds: async (skuIds) => {
    const { rows } = await pool.query<SkuRow>(`select ${COLUMNS} from skus where id = any($1::uuid[]) and deleted_at is null`, [skuIds]);
    return rows.map(toSku);
  },

  adjustStock: (skuId, plan, reason) =>
    withTransaction(pool, async (client) => {
      const { rows } = await client.query<SkuRow>(`select ${COLUMNS} from skus where id = $1 and deleted_at is null for update`, [skuId]);
      if (rows[0] === undefined) return undefined;
      const current = toSku(rows[0]);
      const adjustment = plan(current);
      if (adjustment.delta === 0) return { sku: current, adjustment };
      const updated = await client.query<SkuRow>(
        `update skus set available = available + $2, updated_at = now() where id = $1 returning ${COLUMNS}`,
        [skuId, adjustment.delta],
      );
      await client.query('insert into stock_adjustments (sku_id, delta, reason) values ($1, $2, $3)', [skuId, adjustment.delta, reason]);
      return { sku: toSku(updated.rows[0]!), adjustment };
    }),

  deleteByProduct: async (productId) => {
    const { rows } = await pool.query<{ id: string }>(
      'update skus set deleted_at = now() where product_id = $1 and deleted_at is null returning id',
      [productId],
    );
    return rows.map((row) => row.id);
  },

  deleteByIds: async (skuIds) => {
    const { rowCount } = await pool.query('update skus set deleted_at = now() where id = any($1::uuid[]) and deleted_at is null', [skuIds]);
    return rowCount ?? 0;
  },

  stockHistory: async (skuId, { skip, limit }) => {
    // Deleted rows included: their ledger is history too. One round trip for the page and the count.
    const { rows } = await pool.query<LedgerRow & { total: bigint | null }>(
      `select a.id, a.kind, a.delta, a.reason, a.order_id, a.xid, a.quantity, a.created_at, c.total
         from skus s
         cross join lateral (select count(*) as total from stock_adjustments where sku_id = s.id) c
         left join lateral (
           select * from stock_adjustments where sku_id = s.id order by id desc offset $2 limit $3
         ) a on true
        where s.id = $1`,
      [skuId, skip, limit],
    );
    if (rows[0] === undefined) return undefined;
    return { items: rows.filter((row) => row.id !== null).map(toLedgerEntry), total: Number(rows[0].total ?? 0) };
  },
});
