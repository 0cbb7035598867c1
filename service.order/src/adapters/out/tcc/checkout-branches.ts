import type { Branch, Json, LocalBranch, TccHandlers } from '@micro-ecommerce/pkg/tcc';
import type { NewOrder, StockReservations, WalletDebits } from '../../../app/ports.js';
import { ORDER_BRANCH_ID, type OrderParticipant } from '../postgres/order-participant.js';

// Branch payloads are stored in tcc_global_tx as JSON: cents travel as strings so no float ever holds them.
interface OrderPayload {
  [key: string]: Json;
  order_id: string;
  customer_id: string;
  idempotency_key: string | null;
  total_cents: string;
  items: { sku_id: string; title: string; quantity: number; unit_price_cents: string }[];
  /** ISO time; null in transactions logged before it existed (their try ran long ago). */
  placed_at: string | null;
}
interface StockPayload {
  [key: string]: Json;
  items: { sku_id: string; quantity: number }[];
}
interface PaymentPayload {
  [key: string]: Json;
  customer_id: string;
  amount_cents: string;
}

const orderFrom = (xid: string, payload: Json): NewOrder => {
  const p = payload as OrderPayload;
  return {
    id: p.order_id,
    xid,
    customerId: p.customer_id,
    idempotencyKey: p.idempotency_key,
    totalCents: BigInt(p.total_cents),
    placedAt: typeof p.placed_at === 'string' ? new Date(p.placed_at) : new Date(),
    items: p.items.map((i) => ({ skuId: i.sku_id, title: i.title, quantity: i.quantity, unitPriceCents: BigInt(i.unit_price_cents) })),
  };
};

/**
 * The branches of one checkout, in the order they are tried: the order first (it exists before stock or money
 * moves, so every outcome is recorded on it), then stock (the likeliest refusal), then payment.
 */
export const checkoutBranches = (order: NewOrder): Branch[] => {
  const orderPayload: OrderPayload = {
    order_id: order.id,
    customer_id: order.customerId,
    idempotency_key: order.idempotencyKey,
    total_cents: order.totalCents.toString(),
    placed_at: order.placedAt.toISOString(),
    items: order.items.map((i) => ({
      sku_id: i.skuId,
      title: i.title,
      quantity: i.quantity,
      unit_price_cents: i.unitPriceCents.toString(),
    })),
  };
  const stockPayload: StockPayload = { items: order.items.map((i) => ({ sku_id: i.skuId, quantity: i.quantity })) };
  const paymentPayload: PaymentPayload = { customer_id: order.customerId, amount_cents: order.totalCents.toString() };
  return [
    { id: ORDER_BRANCH_ID, type: 'order', payload: orderPayload },
    { id: 'stock', type: 'stock', payload: stockPayload },
    { id: 'payment', type: 'payment', payload: paymentPayload },
  ];
};

/** The TCC handlers of the three branch types, shared by the coordinator and the recovery worker. */
export const checkoutHandlers = (deps: { order: OrderParticipant; stock: StockReservations; wallet: WalletDebits }): TccHandlers => ({
  order: {
    try: (xid, payload) => deps.order.try(xid, orderFrom(xid, payload)),
    confirm: (xid) => deps.order.confirm(xid),
    cancel: (xid) => deps.order.cancel(xid),
  },
  stock: {
    try: (xid, payload) =>
      deps.stock.tryReserve(
        xid,
        (payload as StockPayload).items.map((i) => ({ skuId: i.sku_id, quantity: i.quantity })),
      ),
    confirm: (xid) => deps.stock.confirm(xid),
    cancel: (xid) => deps.stock.cancel(xid),
  },
  payment: {
    try: (xid, payload) => {
      const p = payload as PaymentPayload;
      return deps.wallet.tryDebit(xid, p.customer_id, BigInt(p.amount_cents));
    },
    confirm: (xid) => deps.wallet.confirm(xid),
    cancel: (xid) => deps.wallet.cancel(xid),
  },
});

/** The order branch as the coordinator's local branch: its try and confirm ride on the log's own transactions. */
export const orderLocalBranch = (order: OrderParticipant): LocalBranch => ({
  branchId: ORDER_BRANCH_ID,
  tryWith: (xid, payload, begin) => order.tryWith(xid, orderFrom(xid, payload), begin),
  confirmWith: (xid, payload, decide) => order.confirmWith(xid, orderFrom(xid, payload), decide),
});
