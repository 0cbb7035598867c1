import type { StockServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import type { GrpcClient } from '@micro-ecommerce/pkg/grpc';
import type { StockReservations } from '../../../app/ports.js';

/**
 * StockReservations over product.v1.StockService. The try is not retried here: the coordinator's deadline bounds
 * it and a failed try cancels the checkout. Confirm and cancel are idempotent (the product's barrier), so they
 * retry transport failures within their deadline, and the coordinator retries them again after that.
 */
export const createStockReservations = (client: GrpcClient<StockServiceClient>, options: { deadlineMs: number }): StockReservations => ({
  async tryReserve(xid, items) {
    await client.call(
      'tryReserve',
      { xid, items: items.map((item) => ({ skuId: item.skuId, quantity: item.quantity })) },
      { deadlineMs: options.deadlineMs },
    );
  },
  async confirm(xid) {
    await client.call('confirmReserve', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
  async cancel(xid) {
    await client.call('cancelReserve', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
});
