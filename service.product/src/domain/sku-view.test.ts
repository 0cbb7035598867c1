import { describe, expect, it } from 'vitest';
import type { SkuProperties } from './sku-properties.js';
import { MAX_VIEWS_PER_MESSAGE, skuViewsChanged } from './sku-view.js';

const properties = (skuId: string): SkuProperties => ({
  skuId,
  productId: 'p',
  title: 'Mug',
  variantName: 'White',
  priceCents: 9_007_199_254_740_991,
  currency: 'USD',
  imageUrl: '',
  attributes: {},
  purchasable: true,
  available: 3,
});

describe('skuViewsChanged', () => {
  it('carries the cart-visible facts, the price as a string, and null for a SKU that is gone', () => {
    const [message] = skuViewsChanged(1234, ['a', 'b'], new Map([['a', properties('a')]]));
    expect(message).toEqual({
      observed_at_ms: 1234,
      views: [
        { sku_id: 'a', view: { title: 'Mug', variant_name: 'White', price_cents: '9007199254740991', purchasable: true, available: 3 } },
        { sku_id: 'b', view: null },
      ],
    });
  });

  it('splits into messages of at most 200 views, all with the same observation time', () => {
    const ids = Array.from({ length: 2 * MAX_VIEWS_PER_MESSAGE + 1 }, (_, i) => `s${i}`);
    const messages = skuViewsChanged(7, ids, new Map());
    expect(messages.map((m) => m.views.length)).toEqual([200, 200, 1]);
    expect(messages.flatMap((m) => m.views.map((v) => v.sku_id))).toEqual(ids);
    expect(new Set(messages.map((m) => m.observed_at_ms))).toEqual(new Set([7]));
  });

  it('publishes nothing for no ids', () => {
    expect(skuViewsChanged(1, [], new Map())).toEqual([]);
  });
});
