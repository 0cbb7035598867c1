import type { AppError } from '@micro-ecommerce/pkg/errors';
import type { OrderEvent } from '../domain/order-event.js';
import type { OrderAction, RefundStep } from '../domain/order-status.js';
import type { CancelledBy, Order, OrderItem, OrderStatus, RequestedItem } from '../domain/order.js';
import type { StatusChange } from '../domain/status-change.js';

/** Who is asking: a customer sees their own orders, staff (and admin) every order. */
export interface Viewer {
  customerId: string;
  staff: boolean;
}

/** Which orders a list shows: one customer's (or everyone's: null), optionally only those in one status. */
export interface OrderFilter {
  customerId: string | null;
  status: OrderStatus | null;
}

/** Reads of the orders table. */
export interface OrderRepository {
  /** One customer's order (another customer's is null). */
  findById(customerId: string, orderId: string): Promise<Order | null>;
  /** Any customer's order: for staff, and for the order's own event consumers. */
  find(orderId: string): Promise<Order | null>;
  findByIdempotencyKey(customerId: string, idempotencyKey: string): Promise<Order | null>;
  /** Newest first. */
  list(filter: OrderFilter, page: { offset: number; limit: number }): Promise<{ orders: Order[]; total: number }>;
}

/** The order status history (order_status_history): what a live stream sends. */
export interface OrderHistory {
  /** The order and the seq of its latest history row (0 while it has none: PENDING), read together. */
  snapshot(orderId: string): Promise<{ order: Order; seq: number } | null>;
  /** The order's history rows after `seq`, oldest first. */
  after(orderId: string, seq: number): Promise<StatusChange[]>;
}

/** A staff or customer transition of a paid order (accept, ship, deliver, cancel). */
export interface StatusChangeCommand {
  orderId: string;
  action: OrderAction;
  actorId: string;
  /** The cancel reason (required from staff); null for the other actions. */
  reason: string | null;
  /** For a cancel: who cancels. */
  cancelledBy: CancelledBy | null;
}

/**
 * Applies transitions in the order database. Each runs in one local transaction that locks the order row
 * (SELECT ... FOR UPDATE, so concurrent transitions serialize), checks the transition against the status it
 * finds (409 ORDER_STATUS_CONFLICT otherwise), updates the order, writes the history row and notifies live
 * streams; it resolves once committed (so it can be an event's local transaction).
 */
export interface OrderTransitions {
  apply(command: StatusChangeCommand): Promise<void>;
}

/** A refund confirmation consumed from payment (RefundIssued) or product (StockReturned). */
export interface RefundStepCommand {
  /** The envelope id: processed once per consumer group. */
  eventId: string;
  orderId: string;
  step: RefundStep;
  /**
   * Whether this local transaction may complete the refund (CANCELLED → REFUNDED): only when it runs inside the
   * OrderRefunded transactional message. If it would complete it without, it throws (retryable): the redelivery
   * sees the other step and brings the message.
   */
  mayComplete: boolean;
}

/** applied: recorded (and REFUNDED if complete); duplicate: processed before; ignored: no paid cancellation to confirm. */
export type RefundStepResult = 'applied' | 'completed' | 'duplicate' | 'ignored';

/** Records refund confirmations with the consumer's processed-message row, in one local transaction. */
export interface RefundConfirmations {
  record(command: RefundStepCommand): Promise<RefundStepResult>;
}

/** Wakes live streams when an order's history grows (PostgreSQL LISTEN/NOTIFY, any replica's writes). */
export interface OrderChangeFeed {
  /**
   * Calls `onChange` whenever the order may have new history rows (and after a reconnect, when notifications
   * may have been missed), `onClose` once when the feed shuts down. Returns the unsubscribe function.
   */
  subscribe(orderId: string, listener: { onChange: () => void; onClose: () => void }): () => void;
}

/** The answer to a lease request: granted, or refused with the wait until a place may be free. */
export type LeaseOutcome = { granted: true } | { granted: false; retryAfterMs: number };

/**
 * The places of one account's live streams, shared by every replica. A lease lapses unless renewed, so the places
 * of a replica that died free themselves.
 */
export interface StreamLeases {
  /** Takes a place for `leaseId` if the account has one free; else the wait until its oldest unrenewed lease lapses. */
  acquire(accountId: string, leaseId: string): Promise<LeaseOutcome>;
  /** Extends the lease; false when it had lapsed already (its place may be someone else's now). */
  renew(accountId: string, leaseId: string): Promise<boolean>;
  release(accountId: string, leaseId: string): Promise<void>;
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
  /** Throws PAYMENT_UNAVAILABLE at once while calls to payment fail fast (its circuit is open). */
  ensureReachable(): void;
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
