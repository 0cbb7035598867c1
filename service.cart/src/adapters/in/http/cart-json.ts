import { AppError } from '@micro-ecommerce/pkg/errors';
import type { CartView } from '../../../domain/cart-view.js';

// JSON has no int64: cents go out as numbers, which hold every amount below 2^53 cents exactly. A larger value is
// a data error upstream, and failing beats printing a rounded price.
const toCents = (cents: bigint): number => {
  if (cents > BigInt(Number.MAX_SAFE_INTEGER) || cents < BigInt(Number.MIN_SAFE_INTEGER))
    throw new AppError('INTERNAL', `amount of ${cents} cents does not fit a JSON number`);
  return Number(cents);
};

/** The public JSON of a priced cart (snake_case; invalid_reason only on invalid lines). */
export const cartJson = (view: CartView) => ({
  data: {
    items: view.items.map((item) => ({
      sku_id: item.skuId,
      quantity: item.quantity,
      title: item.title,
      variant_name: item.variantName,
      price_cents: item.priceCents === null ? null : toCents(item.priceCents),
      available: item.available,
      valid: item.valid,
      ...(item.invalidReason === null ? {} : { invalid_reason: item.invalidReason }),
    })),
    total_cents: toCents(view.totalCents),
    item_count: view.itemCount,
  },
});
