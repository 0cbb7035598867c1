import { AppError } from '@micro-ecommerce/pkg/errors';

/** The 404 of a product id that names no (live) product. */
export const productNotFound = (id: string): AppError =>
  new AppError('NOT_FOUND', `product ${id} not found`, { reason: 'PRODUCT_NOT_FOUND', details: { product_id: id } });
