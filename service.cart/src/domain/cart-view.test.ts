import { describe, expect, it } from 'vitest';
import { priceCart, type SkuFacts } from './cart-view.js';

const facts = (priceCents: bigint, purchasable = true): SkuFacts => ({
  title: 'Shoe',
  variantName: 'Blue / 42',
  priceCents,
  purchasable,
  available: 0,
});

describe('priceCart', () => {
  it('totals valid lines and counts every unit', () => {
    const view = priceCart(
      [
        { skuId: 'a', quantity: 2 },
        { skuId: 'b', quantity: 1 },
      ],
      new Map([
        ['a', facts(1250n)],
        ['b', facts(99n)],
      ]),
      new Map([
        ['a', 5],
        ['b', 1],
      ]),
    );
    expect(view.totalCents).toBe(2599n);
    expect(view.itemCount).toBe(3);
    expect(view.items.map((item) => [item.skuId, item.valid, item.invalidReason])).toEqual([
      ['a', true, null],
      ['b', true, null],
    ]);
  });

  it('marks an unknown SKU invalid with no product data and leaves it out of the total', () => {
    const view = priceCart([{ skuId: 'gone', quantity: 1 }], new Map(), new Map());
    expect(view.items[0]).toEqual({
      skuId: 'gone',
      quantity: 1,
      title: null,
      variantName: null,
      priceCents: null,
      available: 0,
      valid: false,
      invalidReason: 'SKU_NOT_FOUND',
    });
    expect(view.totalCents).toBe(0n);
    expect(view.itemCount).toBe(1);
  });

  it('marks a line invalid when the stock is below its quantity, keeping its price visible', () => {
    const view = priceCart([{ skuId: 'a', quantity: 3 }], new Map([['a', facts(500n)]]), new Map([['a', 2]]));
    expect(view.items[0]).toMatchObject({ valid: false, invalidReason: 'INSUFFICIENT_STOCK', available: 2, priceCents: 500n });
    expect(view.totalCents).toBe(0n);
  });

  it('marks an unlisted product invalid before looking at its stock', () => {
    const view = priceCart([{ skuId: 'a', quantity: 9 }], new Map([['a', facts(500n, false)]]), new Map([['a', 0]]));
    expect(view.items[0]?.invalidReason).toBe('NOT_PURCHASABLE');
  });

  it('treats a SKU missing from either answer as not found', () => {
    const view = priceCart([{ skuId: 'a', quantity: 1 }], new Map([['a', facts(500n)]]), new Map());
    expect(view.items[0]?.invalidReason).toBe('SKU_NOT_FOUND');
  });

  it('sums prices beyond 2^53 cents exactly', () => {
    const huge = 2n ** 53n + 1n;
    const view = priceCart([{ skuId: 'a', quantity: 3 }], new Map([['a', facts(huge)]]), new Map([['a', 3]]));
    expect(view.totalCents).toBe(huge * 3n);
  });
});
