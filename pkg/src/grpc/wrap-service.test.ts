import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { ProductServiceService } from '../gen/product/v1/product.js';
import type { AsyncServiceImplementation } from './service-types.js';
import { serviceNameOf, wrapService } from './wrap-service.js';

const logger = { error() {}, info() {}, debug() {}, warn() {} } as unknown as Logger;

describe('wrapService', () => {
  it('names a generated service by its fully qualified proto name', () => {
    expect(serviceNameOf(ProductServiceService)).toBe('product.v1.ProductService');
  });

  it('wraps every method of the definition', () => {
    const wrapped = wrapService(
      ProductServiceService,
      {
        getSkuStock: async () => ({ items: [], notFoundSkuIds: [] }),
        getSkuProperties: async () => ({ items: [], notFoundSkuIds: [] }),
      },
      logger,
    );
    expect(Object.keys(wrapped).sort()).toEqual(['getSkuProperties', 'getSkuStock']);
  });

  it('refuses an implementation that lacks a method, naming it', () => {
    const partial = { getSkuStock: async () => ({ items: [], notFoundSkuIds: [] }) };
    expect(() =>
      wrapService(ProductServiceService, partial as unknown as AsyncServiceImplementation<typeof ProductServiceService>, logger),
    ).toThrow(/getSkuProperties of product\.v1\.ProductService/);
  });
});
