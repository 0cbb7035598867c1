import { AppError } from '@micro-ecommerce/pkg/errors';

// The business failures of the cart, with the public codes clients switch on. Refusals that depend on the cart's
// or the stock's current state are 409 Conflict: the same request may succeed later.

/** A bad quantity, shaped like the edge's validation errors so clients read one format. */
export const invalidQuantity = (message: string): AppError =>
  new AppError('INVALID_ARGUMENT', `invalid request body: quantity: ${message}`, { details: { fields: [{ field: 'quantity', message }] } });

/** The SKU is unknown to product. */
export const skuNotFound = (skuId: string): AppError =>
  new AppError('NOT_FOUND', `SKU ${skuId} does not exist`, { reason: 'SKU_NOT_FOUND', details: { sku_id: skuId } });

/** The SKU is not in this cart. */
export const cartItemNotFound = (skuId: string): AppError =>
  new AppError('NOT_FOUND', `SKU ${skuId} is not in the cart`, { reason: 'CART_ITEM_NOT_FOUND', details: { sku_id: skuId } });

/** Product cannot sell `requested` units. */
export const outOfStock = (skuId: string, requested: number, available: number): AppError =>
  new AppError('FAILED_PRECONDITION', `only ${available} unit(s) of SKU ${skuId} available, ${requested} wanted`, {
    reason: 'OUT_OF_STOCK',
    details: { sku_id: skuId, requested, available },
    httpStatus: 409,
  });

/** The line would exceed the per-line limit. */
export const quantityLimitExceeded = (skuId: string, requested: number, max: number): AppError =>
  new AppError('FAILED_PRECONDITION', `at most ${max} unit(s) of one SKU per cart, ${requested} wanted`, {
    reason: 'QUANTITY_LIMIT_EXCEEDED',
    details: { sku_id: skuId, requested, max_quantity_per_line: max },
    httpStatus: 409,
  });

/** The cart already holds the maximum number of distinct SKUs. */
export const cartFull = (max: number): AppError =>
  new AppError('FAILED_PRECONDITION', `a cart holds at most ${max} different SKUs`, {
    reason: 'CART_FULL',
    details: { max_lines: max },
    httpStatus: 409,
  });
