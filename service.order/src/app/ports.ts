import type { AppError } from '@micro-ecommerce/pkg/errors';
import type { OrderEvent } from '../domain/order-event.js';
import type { Order, OrderItem, RequestedItem } from '../domain/order.js';

/** Reads of the orders table; every read is scoped to the customer who owns the order. */
export interface OrderRepository {
  findById(customerId: string, orderId: string): Promise<Order | null>;
  findByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<Order | null>;
  /** Newest first. */
  list(customerId: string, page: { offset: number; limit: number }): Promise<{ orders: Order[]; total: number }>;
}

/** What the catalog says about a SKU at the moment of checkout: the price snapshot of the order line. */
export interface SkuSnapshot {
  skuId: string;
  title: string;
  priceCents: bigint;
  purchasable: boolean;
}

/** product.v1.ProductService, as checkout needs it. */
export interface ProductCatalog {
  /** SKUs the catalog knows, by id; unknown ids are simply absent. */
  snapshot(skuIds: readonly string[]): Promise<Map<string, SkuSnapshot>>;
}

/** cart.v1.CartService: the lines of a customer's cart. */
export interface CartReader {
  items(customerId: string): Promise<RequestedItem[]>;
}

/** The stock branch of checkout (product.v1.StockService); every call is idempotent per xid. */
export interface StockReservations {
  tryReserve(xid: string, items: readonly RequestedItem[]): Promise<void>;
  confirm(xid: string): Promise<void>;
  cancel(xid: string): Promise<void>;
}

/** The payment branch of checkout (payment.v1.WalletService); every call is idempotent per xid. */
export interface WalletDebits {
  tryDebit(xid: string, customerId: string, amountCents: bigint): Promise<void>;
  confirm(xid: string): Promise<void>;
  cancel(xid: string): Promise<void>;
}

/** An order about to be placed: what the order branch inserts (PENDING) when its try runs. */
export interface NewOrder {
  id: string;
  /** The id of the checkout's global transaction. */
  xid: string;
  customerId: string;
  idempotencyKey: string | null;
  items: OrderItem[];
  totalCents: bigint;
  /** When the checkout placed it: its created_at, and its updated_at when it is paid in the same go. */
  placedAt: Date;
}

/**
 * How a checkout ended: CONFIRMED / CANCELLED, or CONFIRMING / CANCELLING while phase two finishes in the
 * background or is left to the recovery worker. `paid`: the order is PAID already (its confirm committed with
 * the decision); only the stock and payment confirms may still be running.
 */
export type CheckoutOutcome =
  { state: 'CONFIRMED' | 'CONFIRMING'; paid: boolean } | { state: 'CANCELLED' | 'CANCELLING'; reason: string; error: AppError };

/** The checkout's TCC global transaction over the order, stock and payment branches. */
export interface CheckoutTransaction {
  run(order: NewOrder): Promise<CheckoutOutcome>;
}

/**
 * How a checkout that started its global transaction ended: paid, pending (phase two left to recovery), cancelled
 * for one of the reasons a customer can cause, or failed (any other cancel, or the transaction could not run).
 */
export type CheckoutResult = 'paid' | 'pending' | 'out_of_stock' | 'insufficient_funds' | 'timeout' | 'failed';

/** Counts checkouts by how they ended (the micro_ecommerce.checkouts metric). */
export interface CheckoutCounter {
  count(result: CheckoutResult): void;
}

/**
 * Publishes order events atomically with the local transaction that makes them true (a RocketMQ transactional
 * message: half message, then `localTransaction`, then commit). `localTransaction` must commit before resolving.
 */
export interface OrderEvents {
  publishWith<T>(event: OrderEvent, localTransaction: () => Promise<T>): Promise<T>;
}
