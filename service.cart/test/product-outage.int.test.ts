import { describe, expect, it } from 'vitest';
import { FakeProductServer } from './fakes/fake-product-server.js';
import { logger, section, startCartHarness } from './cart-harness.js';

// With nothing listening at product's address, the cart must fail fast, never hang.

describe('cart with product unreachable', () => {
  it('answers 503 UNAVAILABLE within the product deadline, and still deletes lines', async () => {
    const gone = new FakeProductServer();
    const productAddress = await gone.start(logger);
    await gone.stop();
    const harness = await startCartHarness({ productAddress });
    try {
      const lena = await harness.newCustomer();
      await harness.redis.hset(`cart:${lena.id}`, { 'some-sku': 1 });
      const started = Date.now();
      const res = await harness.api(lena.authorization, 'GET', '/api/v1/cart_item');
      expect([res.status, res.body.error.code]).toEqual([503, 'UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(section.product_deadline_ms + 500);
      const add = await harness.api(lena.authorization, 'POST', '/api/v1/cart_item', { sku_id: 'other-sku', quantity: 1 });
      expect(add.status).toBe(503);
      expect((await harness.api(lena.authorization, 'DELETE', '/api/v1/cart_item/some-sku')).status).toBe(204);
    } finally {
      await harness.stop();
    }
  });
});
