import { isUuid } from '@micro-ecommerce/pkg/ids';

/** The PostgreSQL row of a variant: its price and stock. `productId` is the catalog document's id. */
export interface Sku {
  id: string;
  productId: string;
  priceCents: number;
  available: number;
  reserved: number;
  sold: number;
}

/** True for a well-formed SKU id (a UUID); anything else cannot name a SKU. */
export const isSkuId = (value: string): boolean => isUuid(value);
