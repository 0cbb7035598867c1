import { describe, expect, it } from 'vitest';
import { batchAnswer, MAX_SKU_BATCH, skuBatch } from './sku-batch.js';

const a = '0b0c5a3e-1d2f-4b6a-9c8d-7e6f5a4b3c2d';
const b = '1b0c5a3e-1d2f-4b6a-9c8d-7e6f5a4b3c2d';

describe('skuBatch', () => {
  it('keeps request order without duplicates and looks up only well-formed ids', () => {
    expect(skuBatch([b, 'nope', a, b])).toEqual({ ids: [b, 'nope', a], lookup: [b, a] });
  });

  it('refuses more than MAX_SKU_BATCH ids with INVALID_ARGUMENT', () => {
    expect(skuBatch(Array.from({ length: MAX_SKU_BATCH }, () => a)).ids).toEqual([a]);
    expect(() => skuBatch(Array.from({ length: MAX_SKU_BATCH + 1 }, () => a))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT', reason: 'BATCH_TOO_LARGE' }),
    );
  });

  it('answers found items in request order and lists the rest as not found', () => {
    const batch = skuBatch([b, 'nope', a]);
    expect(batchAnswer(batch, new Map([[a, 'A']]))).toEqual({ items: ['A'], notFound: [b, 'nope'] });
  });
});
