import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import type { ProductEvent } from '../domain/product-event.js';
import type { Product } from '../domain/product.js';
import type { ReserveLine } from '../domain/reservation.js';
import type { ProductSummary } from '../domain/sku-properties.js';
import type { Sku } from '../domain/sku.js';
import type { StockLedgerEntry } from '../domain/stock-ledger.js';
import type { CheckoutReservation } from '../domain/stock-return.js';
import type { PlannedAdjustment, StockLevels } from '../domain/stock.js';

/** A SKU row to create: its price and the stock it starts with. */
export interface NewSku {
  priceCents: number;
  stock: number;
}

/** SKU rows (price and stock) in PostgreSQL. "Live" rows are those not deleted. */
export interface SkuRepository {
  /** Inserts the rows and their initial-stock adjustments in one transaction; returns them in input order. */
  create(productId: string, skus: readonly NewSku[]): Promise<Sku[]>;
  /** Reprices live rows of the product and inserts new ones, in one transaction; returns the new rows in order. */
  change(productId: string, prices: readonly { skuId: string; priceCents: number }[], added: readonly NewSku[]): Promise<Sku[]>;
  /** Live rows of these products. */
  findByProducts(productIds: readonly string[]): Promise<Sku[]>;
  /** Live rows with these ids (well-formed ids only). */
  findByIds(skuIds: readonly string[]): Promise<Sku[]>;
  /**
   * Locks a live row, asks `plan` for the change, and applies it together with its adjustment record in one
   * transaction. Undefined when there is no such live row.
   */
  adjustStock(
    skuId: string,
    plan: (levels: StockLevels) => PlannedAdjustment,
    reason: string,
  ): Promise<{ sku: Sku; adjustment: PlannedAdjustment } | undefined>;
  /** Marks every live row of the product deleted; returns the ids of those it marked. */
  deleteByProduct(productId: string): Promise<string[]>;
  /** Marks these live rows deleted; returns how many were. */
  deleteByIds(skuIds: readonly string[]): Promise<number>;
  /**
   * A window of the SKU's stock ledger, newest first, and how many rows it has in total. Deleted SKUs keep
   * theirs (returns may reach them); undefined when no SKU row ever had this id.
   */
  stockHistory(skuId: string, window: { skip: number; limit: number }): Promise<{ items: StockLedgerEntry[]; total: number } | undefined>;
}

/**
 * Checkout's stock reservations (the stock branch of the TCC transaction). Each phase runs behind the participant
 * barrier (branch "stock") in one local transaction with its business change, and answers what the barrier
 * decided: a phase that already ran, a cancel with no try, or a try after its cancel changes nothing.
 */
export interface ReservationStore {
  /**
   * Locks the live SKU rows of `lines` in id order, lets `check` refuse (it throws), then moves each line's units
   * from available to reserved and records them under the xid. When `check` throws nothing is written, the
   * barrier row included, so the same try can still apply later.
   */
  tryReserve(
    xid: string,
    lines: readonly ReserveLine[],
    check: (levels: ReadonlyMap<string, StockLevels>) => void,
  ): Promise<BarrierOutcome>;
  /** Moves the units recorded under the xid from reserved to sold. */
  confirm(xid: string): Promise<BarrierOutcome>;
  /** Moves the units recorded under the xid from reserved back to available; says which SKUs they were. */
  cancel(xid: string): Promise<{ outcome: BarrierOutcome; skuIds: string[] }>;
}

/**
 * Returns of cancelled paid orders: the units a checkout's confirmed reservation sold go back to available,
 * recorded as RETURN rows of the stock ledger, once per order. Events are deduplicated per consumer group (the
 * store's own, fixed when it is built) by envelope id.
 */
export interface StockReturnStore {
  /** The checkout's reservation (stock branch barrier and stock_reservations rows of the xid). */
  reservationOf(xid: string): Promise<CheckoutReservation>;
  /** True when the event has already been processed. */
  isProcessed(eventId: string): Promise<boolean>;
  /**
   * In one local transaction: records the event as processed (processOnce), and if it was not
   * already, locks the SKU rows in id order, moves each line's units from sold to available and writes one
   * RETURN ledger row per SKU. 'duplicate' when the event had been processed (nothing changes).
   */
  applyReturn(eventId: string, order: { orderId: string; xid: string; lines: readonly ReserveLine[] }): Promise<'applied' | 'duplicate'>;
  /** Records the event as processed with no effect; false when it already was. */
  markProcessed(eventId: string): Promise<boolean>;
}

/**
 * Publishes product events as transactional messages: `localTransaction` (which must commit its database work
 * before resolving) and the event commit together; if it throws, the event is not published.
 */
export interface ProductEvents {
  publishWith<T>(event: ProductEvent, localTransaction: () => Promise<T>): Promise<T>;
}

/**
 * The SKU view feed (the cart's read model): told which SKUs' cart-visible facts (title, variant name, price,
 * availability, existence) may have changed. It reads and publishes their views later, coalescing many changes
 * of one SKU into one message, so calling it costs nothing on the caller's path.
 */
export interface SkuViewFeed {
  skuViewsChanged(skuIds: readonly string[]): void;
}

/** A catalog search: optional exact category, optional literal (escaped) pattern, and a window. */
export interface CatalogQuery {
  category?: string;
  pattern?: string;
  skip: number;
  limit: number;
}

/** Catalog documents in MongoDB. */
export interface CatalogRepository {
  /** A fresh product id, known before anything is written so the SKU rows can carry it. */
  newProductId(): string;
  insert(product: Product): Promise<void>;
  /** The product, or undefined when there is none (a malformed id included). */
  findById(id: string): Promise<Product | undefined>;
  /** The summaries of these products (malformed or unknown ids are left out), in one query by primary key. */
  findSummariesByIds(productIds: readonly string[]): Promise<ProductSummary[]>;
  /** A page of matching products, newest first, and how many match in total. */
  search(query: CatalogQuery): Promise<{ items: Product[]; total: number }>;
  /** Stores `product` if the stored version is still `expectedVersion`; false when it is not (or is gone). */
  update(product: Product, expectedVersion: number): Promise<boolean>;
  /** Removes the document; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** The time, as use cases see it (fixed in tests). */
export interface Clock {
  now(): Date;
}
