import { describe, expect, it } from 'vitest';
import { productView } from './product-view.js';
import { skuPropertiesById, type ProductSummary } from './sku-properties.js';
import type { Sku } from './sku.js';

const sku = (id: string, productId: string, priceCents = 100): Sku => ({ id, productId, priceCents, available: 3, reserved: 1, sold: 0 });
const shoe: ProductSummary = {
  id: 'p1',
  title: 'Shoe',
  assets: [
    { url: 'https://img/1.jpg', alt: '' },
    { url: 'https://img/2.jpg', alt: '' },
  ],
  variants: [
    { skuId: 's1', name: 'Blue / 42', attributes: { color: 'blue' } },
    { skuId: 's2', name: 'Red / 42', attributes: {} },
  ],
};

describe('skuPropertiesById', () => {
  it('joins a SKU row with the variant that lists it', () => {
    const result = skuPropertiesById([sku('s1', 'p1', 4900)], [shoe], 'USD');
    expect(result.get('s1')).toEqual({
      skuId: 's1',
      productId: 'p1',
      title: 'Shoe',
      variantName: 'Blue / 42',
      priceCents: 4900,
      currency: 'USD',
      imageUrl: 'https://img/1.jpg',
      attributes: { color: 'blue' },
      purchasable: true,
      available: 3,
    });
  });

  it('leaves out rows no document lists and rows claiming another product', () => {
    const result = skuPropertiesById([sku('orphan', 'p9'), sku('s2', 'p2')], [shoe], 'USD');
    expect(result.size).toBe(0);
  });
});

describe('productView', () => {
  it('shows each variant with its SKU price and available units, leaving out variants without a live SKU', () => {
    const view = productView({ ...shoe, body: '', category: 'shoes', version: 1, createdAt: new Date(0), updatedAt: new Date(0) }, [
      sku('s2', 'p1', 5100),
    ]);
    expect(view.variants).toEqual([{ skuId: 's2', name: 'Red / 42', attributes: {}, priceCents: 5100, available: 3 }]);
    expect(view).not.toHaveProperty('version');
  });
});
