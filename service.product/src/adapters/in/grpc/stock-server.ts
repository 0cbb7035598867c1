import type { StockServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';
import type { AsyncServiceImplementation } from '@micro-ecommerce/pkg/grpc';
import type { StockUseCases } from '../../../app/stock-use-cases.js';

/** product.v1.StockService: checkout's stock branch (TCC). Translation only; rules live in app/ and domain/. */
export const stockServiceHandlers = (useCases: StockUseCases): AsyncServiceImplementation<typeof StockServiceService> => ({
  tryReserve: async (request) => {
    await useCases.tryReserveStock({ xid: request.xid, items: request.items });
    return {};
  },
  confirmReserve: async (request) => {
    await useCases.confirmReserve(request.xid);
    return {};
  },
  cancelReserve: async (request) => {
    await useCases.cancelReserve(request.xid);
    return {};
  },
});
