import { AppError } from '@micro-ecommerce/pkg/errors';
import { checkoutFailure } from '../domain/checkout-failure.js';
import { mergeItems, totalOf, type Order, type OrderItem, type RequestedItem } from '../domain/order.js';
import type {
  CartReader,
  CheckoutCounter,
  CheckoutOutcome,
  CheckoutResult,
  CheckoutTransaction,
  NewOrder,
  OrderRepository,
  ProductCatalog,
  WalletDebits,
} from './ports.js';

/** The reason the order branch refuses a second order under an Idempotency-Key already used. */
export const IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE';

export interface PlaceOrderCommand {
  customerId: string;
  /** The lines to buy; absent when `fromCart`. */
  items?: readonly RequestedItem[];
  fromCart: boolean;
  idempotencyKey: string | null;
}

/**
 * created: the checkout confirmed (PAID). pending: phase two is still running (recovery finishes it).
 * replayed: the Idempotency-Key was used before; the order is the one that request placed.
 */
export interface PlaceOrderResult {
  order: Order;
  outcome: 'created' | 'pending' | 'replayed';
}

export interface PlaceOrderDeps {
  orders: OrderRepository;
  catalog: ProductCatalog;
  cart: CartReader;
  checkout: CheckoutTransaction;
  checkouts: CheckoutCounter;
  /** Asked before anything is placed: while payment's circuit is open a checkout starts nothing. */
  wallet: Pick<WalletDebits, 'ensureReachable'>;
  newId: () => string;
}

export type PlaceOrder = (command: PlaceOrderCommand) => Promise<PlaceOrderResult>;

// A replay answers what the first request answered: the order (whatever happened to it since it was paid), or
// the error its checkout was cancelled with.
const replay = (order: Order): PlaceOrderResult => {
  if (order.cancelledBy === 'checkout') throw checkoutFailure(order.cancelReason ?? 'CANCELLED', order.id);
  return { order, outcome: order.status === 'PENDING' ? 'pending' : 'replayed' };
};

const RESULT_BY_REASON: Readonly<Record<string, CheckoutResult>> = {
  OUT_OF_STOCK: 'out_of_stock',
  INSUFFICIENT_FUNDS: 'insufficient_funds',
  TIMEOUT: 'timeout',
};

// Undefined for the loser of an Idempotency-Key race: it placed nothing, and the winner's checkout is counted.
const resultOf = (outcome: CheckoutOutcome): CheckoutResult | undefined => {
  if (!('reason' in outcome)) return outcome.paid ? 'paid' : 'pending';
  if (outcome.reason === IDEMPOTENCY_KEY_IN_USE) return undefined;
  return RESULT_BY_REASON[outcome.reason] ?? 'failed';
};

const paidOrder = (order: NewOrder): Order => ({
  id: order.id,
  customerId: order.customerId,
  xid: order.xid,
  status: 'PAID',
  cancelReason: null,
  cancelledBy: null,
  refund: null,
  totalCents: order.totalCents,
  // In SKU id order, as an order read back lists its lines.
  items: [...order.items].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0)),
  createdAt: order.placedAt,
  updatedAt: order.placedAt,
});

const priceItems = async (catalog: ProductCatalog, requested: RequestedItem[]): Promise<OrderItem[]> => {
  const snapshot = await catalog.snapshot(requested.map((item) => item.skuId));
  const unknown = requested.filter((item) => !snapshot.has(item.skuId)).map((item) => item.skuId);
  if (unknown.length > 0) throw new AppError('NOT_FOUND', 'unknown SKU', { reason: 'SKU_NOT_FOUND', details: { sku_ids: unknown } });
  const unsellable = requested.filter((item) => !snapshot.get(item.skuId)!.purchasable).map((item) => item.skuId);
  if (unsellable.length > 0)
    throw new AppError('FAILED_PRECONDITION', 'SKU cannot be bought', {
      reason: 'SKU_NOT_PURCHASABLE',
      httpStatus: 409,
      details: { sku_ids: unsellable },
    });
  return requested.map((item) => {
    const sku = snapshot.get(item.skuId)!;
    return { skuId: item.skuId, title: sku.title, quantity: item.quantity, unitPriceCents: sku.priceCents };
  });
};

/**
 * Checkout (DESIGN.md §6): prices the lines from the catalog, then runs one TCC global transaction over the
 * order, stock and payment branches. A cancelled checkout throws the failing branch's reason; the order stays
 * as CANCELLED with that reason. The same Idempotency-Key never places a second order, even when two requests
 * race: the order branch's unique key refuses the loser, which then answers with the winner's order.
 */
export const makePlaceOrder =
  (deps: PlaceOrderDeps): PlaceOrder =>
  async (command) => {
    const { customerId, idempotencyKey } = command;
    if (idempotencyKey !== null) {
      const existing = await deps.orders.findByIdempotencyKey(customerId, idempotencyKey);
      if (existing) return replay(existing);
    }
    deps.wallet.ensureReachable();
    const requested = mergeItems(command.fromCart ? await deps.cart.items(customerId) : (command.items ?? []));
    if (requested.length === 0)
      throw new AppError('FAILED_PRECONDITION', 'there is nothing to order', { reason: 'CART_EMPTY', httpStatus: 409 });
    const items = await priceItems(deps.catalog, requested);
    const order: NewOrder = {
      id: deps.newId(),
      xid: deps.newId(),
      customerId,
      idempotencyKey,
      items,
      totalCents: totalOf(items),
      placedAt: new Date(),
    };

    // Counted once the global transaction ran: refusals before it (unknown SKU, empty cart) placed no order.
    const outcome = await deps.checkout.run(order).catch((error: unknown) => {
      deps.checkouts.count('failed');
      throw error;
    });
    const result = resultOf(outcome);
    if (result !== undefined) deps.checkouts.count(result);
    // Paid with the decision: the order is exactly what this checkout wrote, no need to read it back.
    if (!('reason' in outcome) && outcome.paid) return { order: paidOrder(order), outcome: 'created' };
    const placed = await deps.orders.findById(customerId, order.id);
    if (!('reason' in outcome)) {
      if (!placed) throw new AppError('INTERNAL', 'the confirmed order could not be read back');
      return { order: placed, outcome: outcome.paid ? 'created' : 'pending' };
    }
    if (outcome.reason === IDEMPOTENCY_KEY_IN_USE && idempotencyKey !== null) {
      const winner = await deps.orders.findByIdempotencyKey(customerId, idempotencyKey);
      if (winner) return replay(winner);
    }
    // CANCELLED, or CANCELLING with releases left to recovery (a participant is down, e.g. the payment that made it
    // fail): the cancel is decided and durable, so the client gets its reason now - with Retry-After where it applies.
    throw checkoutFailure(outcome.reason, placed?.id ?? null, outcome.error);
  };
