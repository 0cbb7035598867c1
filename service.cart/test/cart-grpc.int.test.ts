import type { AppError } from '@micro-ecommerce/pkg/errors';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startCartHarness } from './cart-harness.js';

// cart.v1.CartService over real gRPC, with carts filled through the public HTTP API.

const harness = await startCartHarness();
const { api, newCustomer, newSku, product, cartGrpc } = harness;
afterAll(() => harness.stop());
beforeEach(() => product.resetCalls());

describe('cart.v1.CartService over gRPC', () => {
  it('GetCart returns the raw lines sorted by SKU, without asking product', async () => {
    const judy = await newCustomer();
    const [first, second] = [newSku(), newSku()].sort() as [string, string];
    await api(judy.authorization, 'POST', '/api/v1/cart_item', { sku_id: second, quantity: 4 });
    await api(judy.authorization, 'POST', '/api/v1/cart_item', { sku_id: first, quantity: 1 });
    product.resetCalls();

    expect(await cartGrpc.call('getCart', { customerId: judy.id })).toEqual({
      items: [
        { skuId: first, quantity: 1 },
        { skuId: second, quantity: 4 },
      ],
    });
    expect(product.calls).toEqual({ getSkuProperties: 0, getSkuStock: 0 });
    expect(await cartGrpc.call('getCart', { customerId: `test-unknown-${crypto.randomUUID()}` })).toEqual({ items: [] });
  });

  it('RemoveItems takes bought units out once per operation id', async () => {
    const ken = await newCustomer();
    const [a, b] = [newSku(), newSku()].sort() as [string, string];
    await api(ken.authorization, 'POST', '/api/v1/cart_item', { sku_id: a, quantity: 3 });
    await api(ken.authorization, 'POST', '/api/v1/cart_item', { sku_id: b, quantity: 1 });
    const request = {
      customerId: ken.id,
      items: [
        { skuId: a, quantity: 1 },
        { skuId: b, quantity: 1 },
      ],
      operationId: `order-${crypto.randomUUID()}`,
    };
    expect(await cartGrpc.call('removeItems', request)).toEqual({ items: [{ skuId: a, quantity: 2 }], applied: true });
    expect(await cartGrpc.call('removeItems', request)).toEqual({ items: [{ skuId: a, quantity: 2 }], applied: false });
    expect((await api(ken.authorization, 'GET', '/api/v1/cart_item')).body.data.item_count).toBe(2);
  });

  it('refuses an empty customer id or a non-positive quantity with INVALID_ARGUMENT', async () => {
    const empty = (await cartGrpc.call('getCart', { customerId: '' }).catch((e: unknown) => e)) as AppError;
    expect(empty).toMatchObject({ kind: 'INVALID_ARGUMENT', details: { fields: [expect.objectContaining({ field: 'customerId' })] } });
    const zero = (await cartGrpc
      .call('removeItems', { customerId: 'someone', items: [{ skuId: 'a', quantity: 0 }], operationId: '' })
      .catch((e: unknown) => e)) as AppError;
    expect(zero.kind).toBe('INVALID_ARGUMENT');
  });
});
