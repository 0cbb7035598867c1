import { isUuid } from '@micro-ecommerce/pkg/ids';

/** Customer ids are the customer service's UUIDs; anything else cannot own a wallet. */
export const isCustomerId = (value: string): boolean => isUuid(value);
