import { describe, expect, it } from 'vitest';
import { catalogFields, LIMITS, productDraft, type ProductDraft } from './product.js';

const draft = (overrides: Partial<ProductDraft> = {}): ProductDraft => ({
  title: ' Trail Runner ',
  body: 'Light shoe',
  category: ' Footwear ',
  assets: [{ url: 'https://img.example/1.jpg', alt: 'side view' }],
  variants: [
    { name: 'Blue / 42', attributes: { color: 'blue', size: '42' }, priceCents: 4900, stock: 10 },
    { name: 'Red / 42', attributes: {}, priceCents: 0, stock: 0 },
  ],
  ...overrides,
});

const fieldsOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { details?: { fields?: unknown } }).details?.fields;
  }
  throw new Error('expected a failure');
};

describe('productDraft', () => {
  it('trims text and stores the category as a lower-case slug', () => {
    const checked = productDraft(draft());
    expect(checked).toMatchObject({ title: 'Trail Runner', category: 'footwear' });
    expect(checked.variants.map((v) => v.priceCents)).toEqual([4900, 0]);
  });

  it('names the field of an empty title, a negative price and a fractional stock', () => {
    expect(fieldsOf(() => productDraft(draft({ title: '   ' })))).toEqual([{ field: 'title', message: 'must not be empty' }]);
    const badPrice = draft();
    badPrice.variants[1]!.priceCents = -1;
    expect(fieldsOf(() => productDraft(badPrice))).toEqual([{ field: 'variants.1.price_cents', message: expect.any(String) }]);
    const badStock = draft();
    badStock.variants[0]!.stock = 2.5;
    expect(fieldsOf(() => productDraft(badStock))).toEqual([{ field: 'variants.0.stock', message: expect.any(String) }]);
  });

  it('requires at least one variant and unique variant names, ignoring case', () => {
    expect(fieldsOf(() => productDraft(draft({ variants: [] })))).toEqual([{ field: 'variants', message: expect.any(String) }]);
    const twins = draft();
    twins.variants[1]!.name = 'blue / 42';
    expect(() => productDraft(twins)).toThrow(
      expect.objectContaining({ kind: 'ALREADY_EXISTS', reason: 'VARIANT_NAME_TAKEN', details: { field: 'variants.1.name' } }),
    );
  });

  it('accepts only http(s) asset URLs', () => {
    expect(fieldsOf(() => productDraft(draft({ assets: [{ url: 'javascript:alert(1)', alt: '' }] })))).toEqual([
      { field: 'assets.0.url', message: 'must be an http(s) URL' },
    ]);
  });

  it('bounds the number of variants', () => {
    const many = Array.from({ length: LIMITS.variants + 1 }, (_, i) => ({ name: `v${i}`, attributes: {}, priceCents: 1, stock: 1 }));
    expect(() => productDraft(draft({ variants: many }))).toThrow(/at most/);
  });
});

describe('catalogFields', () => {
  it('checks only the fields present', () => {
    expect(catalogFields({ body: '  x ' })).toEqual({ body: 'x' });
    expect(catalogFields({})).toEqual({});
  });
});
