import { api, loginAdmin, newCustomer, newProduct } from '../../e2e/support/api.js';
import { stageConfig } from '../../e2e/support/system.js';
import type { Demo } from './demo.js';
import { withSystem } from './system.js';

const POLL_MS = 20;
const GIVE_UP_MS = 10_000;

/** Milliseconds until `read` returns something `done` accepts (polled every POLL_MS); throws past GIVE_UP_MS. */
const msUntil = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < GIVE_UP_MS) {
    if (done(await read())) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the cart did not show the change within ${GIVE_UP_MS} ms`);
};

/** A price change and a stock change reaching the cart's read model through product's events. */
export const cqrsDemo: Demo = {
  name: 'cqrs',
  title: "CQRS read model: a price and a stock change reach the cart's SKU views through SkuViewsChanged events",
  code: 'service.product/src/adapters/out/rocketmq/sku-view-feed.ts; service.cart/src/adapters/in/mq/sku-views-changed-handler.ts; service.cart/src/app/get-cart.ts',
  test: 'e2e/walking-skeleton.test.ts (cart answers from its SKU views); service.cart/src/adapters/out/redis/redis-sku-views.int.test.ts',
  run: (show) =>
    withSystem(show, async () => {
      const admin = await loginAdmin();
      const product = await newProduct(admin, [{ name: 'only', price_cents: 1200, stock: 10 }], 'CQRS demo');
      const skuId = product.variants[0]!.sku_id;
      const buyer = await newCustomer('cqrs-demo');
      await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: 2 } });
      const line = async () => (await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data.items[0];
      const { flush_interval_ms } = stageConfig.services.product.sku_view_feed;
      const { sku_view_max_age_ms } = stageConfig.services.cart;

      show.step("The cart line, read from the cart's own Redis view of the SKU (no call to product)");
      show.evidence('cart line', await line());

      show.step('The admin changes the price: product publishes SkuViewsChanged (coalesced every ' + `${flush_interval_ms} ms)`);
      await api('PUT', `/api/v1/product/${product.id}`, { token: admin, body: { variants: [{ sku_id: skuId, price_cents: 990 }] } });
      show.evidence('ms until the cart shows 990', await msUntil(line, (l) => l.price_cents === 990));

      show.step('The admin lowers the stock below the cart quantity: the line turns invalid');
      await api('PUT', `/api/v1/product/sku/${skuId}/stock`, { token: admin, body: { available: 1, reason: 'demo recount' } });
      show.evidence('ms until the line is invalid', await msUntil(line, (l) => l.valid === false));
      show.evidence('cart line', await line());
      show.evidence('views refreshed only by events', `their max age (${sku_view_max_age_ms} ms) is far above what you just saw`);
    }),
};
