import { describe, expect, it } from 'vitest';
import { applyProductUpdate, planProductUpdate } from './product-update.js';
import type { Product } from './product.js';

const product: Product = {
  id: 'p1',
  title: 'Mug',
  body: '',
  category: 'kitchen',
  assets: [],
  variants: [{ skuId: 'sku-white', name: 'White', attributes: { color: 'white' } }],
  version: 4,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-01-01T00:00:00Z'),
};

describe('planProductUpdate', () => {
  it('separates repricing of existing SKUs from new variants', () => {
    const plan = planProductUpdate(product, {
      title: ' Big Mug ',
      variants: [
        { kind: 'price', skuId: 'sku-white', priceCents: 1200 },
        { kind: 'add', name: 'Black', attributes: {}, priceCents: 1300, stock: 5 },
      ],
    });
    expect(plan).toEqual({
      fields: { title: 'Big Mug' },
      prices: [{ skuId: 'sku-white', priceCents: 1200 }],
      added: [{ name: 'Black', attributes: {}, priceCents: 1300, stock: 5 }],
    });
  });

  it('answers 422 SKU_NOT_FOUND for a SKU of another product, naming the entry', () => {
    expect(() => planProductUpdate(product, { variants: [{ kind: 'price', skuId: 'elsewhere', priceCents: 1 }] })).toThrow(
      expect.objectContaining({
        kind: 'FAILED_PRECONDITION',
        httpStatus: 422,
        reason: 'SKU_NOT_FOUND',
        details: { field: 'variants.0.sku_id', sku_id: 'elsewhere' },
      }),
    );
  });

  it('refuses a new variant named like an existing one, naming its index in the request', () => {
    expect(() =>
      planProductUpdate(product, {
        variants: [
          { kind: 'price', skuId: 'sku-white', priceCents: 1 },
          { kind: 'add', name: 'WHITE', attributes: {}, priceCents: 1, stock: 1 },
        ],
      }),
    ).toThrow(expect.objectContaining({ reason: 'VARIANT_NAME_TAKEN', details: { field: 'variants.1.name' } }));
  });
});

describe('applyProductUpdate', () => {
  it('appends new variants and bumps the version', () => {
    const now = new Date('2024-02-02T00:00:00Z');
    const next = applyProductUpdate(product, { title: 'Big Mug' }, [{ skuId: 'sku-black', name: 'Black', attributes: {} }], now);
    expect(next).toMatchObject({ title: 'Big Mug', version: 5, updatedAt: now, createdAt: product.createdAt });
    expect(next.variants.map((v) => v.skuId)).toEqual(['sku-white', 'sku-black']);
  });
});
