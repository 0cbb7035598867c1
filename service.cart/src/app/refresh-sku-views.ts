import type { SkuFacts } from '../domain/cart-view.js';
import type { SkuViews } from './ports.js';

/**
 * Applies what product says its SKUs look like now (a SkuViewsChanged event) to the cart's SKU views. Idempotent
 * and order-free: a view observed earlier than the stored one changes nothing, so a redelivered or late event is
 * harmless without a processed-message record.
 */
export const makeRefreshSkuViews =
  (deps: { views: SkuViews }) =>
  (views: ReadonlyMap<string, SkuFacts | null>, observedAtMs: number): Promise<void> =>
    deps.views.write(views, observedAtMs);

export type RefreshSkuViews = ReturnType<typeof makeRefreshSkuViews>;
