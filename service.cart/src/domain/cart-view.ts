import type { CartLine } from './cart-line.js';

/** What product says about a SKU, as far as a cart line needs it. */
export interface SkuFacts {
  title: string;
  variantName: string;
  /** Unit price in cents; bigint because product's int64 must not lose precision on the way. */
  priceCents: bigint;
  /** False once the product is unlisted: the line stays visible but cannot be bought. */
  purchasable: boolean;
  /** Units product can sell now. */
  available: number;
}

/** Why a line cannot be checked out as it is. */
export type InvalidReason = 'SKU_NOT_FOUND' | 'NOT_PURCHASABLE' | 'INSUFFICIENT_STOCK';

/** A cart line with product's current facts and whether it can be checked out. */
export interface CartItemView {
  skuId: string;
  quantity: number;
  /** Null when product no longer knows the SKU. */
  title: string | null;
  variantName: string | null;
  priceCents: bigint | null;
  /** Units product can still sell (0 for an unknown SKU). */
  available: number;
  valid: boolean;
  invalidReason: InvalidReason | null;
}

export interface CartView {
  items: CartItemView[];
  /** Sum of price × quantity over the valid lines only: what a checkout would charge now. */
  totalCents: bigint;
  /** Units over all lines, valid or not (what a cart badge shows). */
  itemCount: number;
}

const invalidReasonOf = (facts: SkuFacts | undefined, available: number | undefined, quantity: number): InvalidReason | null => {
  if (facts === undefined || available === undefined) return 'SKU_NOT_FOUND';
  if (!facts.purchasable) return 'NOT_PURCHASABLE';
  if (available < quantity) return 'INSUFFICIENT_STOCK';
  return null;
};

/** Prices the lines with product's facts and stock, marking each line valid or not (the first reason wins). */
export const priceCart = (
  lines: readonly CartLine[],
  facts: ReadonlyMap<string, SkuFacts>,
  stock: ReadonlyMap<string, number>,
): CartView => {
  let totalCents = 0n;
  let itemCount = 0;
  const items = lines.map((line): CartItemView => {
    const known = facts.get(line.skuId);
    const available = stock.get(line.skuId);
    const invalidReason = invalidReasonOf(known, available, line.quantity);
    itemCount += line.quantity;
    if (invalidReason === null && known !== undefined) totalCents += known.priceCents * BigInt(line.quantity);
    return {
      skuId: line.skuId,
      quantity: line.quantity,
      title: known?.title ?? null,
      variantName: known?.variantName ?? null,
      priceCents: known?.priceCents ?? null,
      available: available ?? 0,
      valid: invalidReason === null,
      invalidReason,
    };
  });
  return { items, totalCents, itemCount };
};
