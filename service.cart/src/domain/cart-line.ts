/** One line of a cart: a SKU and how many units of it (always a positive integer). */
export interface CartLine {
  skuId: string;
  quantity: number;
}

/** Lines in SKU id order, so that every reader (HTTP, gRPC, tests) sees a cart the same way. */
export const sortLines = (lines: CartLine[]): CartLine[] => lines.sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
