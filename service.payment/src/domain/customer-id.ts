const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Customer ids are the customer service's UUIDs; anything else cannot own a wallet. */
export const isCustomerId = (value: string): boolean => UUID.test(value);
