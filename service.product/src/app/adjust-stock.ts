import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Sku } from '../domain/sku.js';
import { adjustmentReason, planAdjustment, type PlannedAdjustment, type StockChange } from '../domain/stock.js';
import type { SkuRepository, SkuViewFeed } from './ports.js';

/** An admin's stock change of one SKU, with the reason the ledger records. */
export interface AdjustStockCommand {
  skuId: string;
  change: StockChange;
  reason: string;
}

/**
 * Changes a SKU's available units. The row update and its stock_adjustments record commit together, so
 * available + reserved + sold always equals the sum of the SKU's adjustments.
 */
export const makeAdjustStock =
  ({ skus, skuViews }: { skus: SkuRepository; skuViews: SkuViewFeed }) =>
  async (command: AdjustStockCommand): Promise<{ sku: Sku; adjustment: PlannedAdjustment }> => {
    const reason = adjustmentReason(command.reason);
    const result = await skus.adjustStock(command.skuId, (levels) => planAdjustment(levels, command.change), reason);
    if (result === undefined)
      throw new AppError('NOT_FOUND', `SKU ${command.skuId} not found`, { reason: 'SKU_NOT_FOUND', details: { sku_id: command.skuId } });
    if (result.adjustment.delta !== 0) skuViews.skuViewsChanged([command.skuId]);
    return result;
  };
