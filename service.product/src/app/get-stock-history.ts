import { AppError } from '@micro-ecommerce/pkg/errors';
import { pageInfo, pageRequest, pageWindow, type PageInfo } from '../domain/pagination.js';
import { isSkuId } from '../domain/sku.js';
import type { StockLedgerEntry } from '../domain/stock-ledger.js';
import type { SkuRepository } from './ports.js';

/** A page of a SKU's stock history; page and size optional. */
export interface StockHistoryQuery {
  skuId: string;
  page?: number;
  pageSize?: number;
}

/**
 * A SKU's stock ledger for admins, newest first: every adjustment (the initial stock included) and every return
 * of a cancelled paid order. A deleted SKU still has its history (the ledger outlives it); 404 for an id that
 * never named a SKU.
 */
export const makeGetStockHistory =
  ({ skus }: { skus: SkuRepository }) =>
  async (query: StockHistoryQuery): Promise<{ items: StockLedgerEntry[]; page: PageInfo }> => {
    const page = pageRequest(query.page, query.pageSize);
    const found = isSkuId(query.skuId) ? await skus.stockHistory(query.skuId, pageWindow(page)) : undefined;
    if (found === undefined)
      throw new AppError('NOT_FOUND', `SKU ${query.skuId} not found`, { reason: 'SKU_NOT_FOUND', details: { sku_id: query.skuId } });
    return { items: found.items, page: pageInfo(page, found.total) };
  };
