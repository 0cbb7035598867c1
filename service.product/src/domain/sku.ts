/** The PostgreSQL row of a variant: its price and stock. `productId` is the catalog document's id. */
export interface Sku {
  id: string;
  productId: string;
  priceCents: number;
  available: number;
  reserved: number;
  sold: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed SKU id (a UUID); anything else cannot name a SKU. */
export const isSkuId = (value: string): boolean => UUID.test(value);
