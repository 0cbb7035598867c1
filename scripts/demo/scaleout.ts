import { api, loginAdmin, newFundedCustomer, newSku } from '../../e2e/support/api.js';
import { instanceSamples } from '../../e2e/support/instance-metrics.js';
import type { Demo } from './demo.js';
import { withSystem } from './system.js';

const CHECKOUTS = 10;
const PRICE_CENTS = 300;
const LINE_UNITS = 20;

/** Two cart and two customer instances, each pair one consumer group: every OrderPaid applied once between them. */
export const scaleoutDemo: Demo = {
  name: 'scaleout',
  title: 'scale-out: two cart and two customer replicas share each consumer group; every OrderPaid is applied once',
  code: 'pkg/src/rocketmq/process-once.ts (customer), service.cart/src/adapters/out/redis/cart-scripts.ts (cart); pkg/src/config/replica-addresses.ts',
  test: 'e2e/scale-out.test.ts',
  run: (show) =>
    withSystem(
      show,
      async (system) => {
        const skuId = await newSku(await loginAdmin(), PRICE_CENTS, 1000, 'Scale-out demo');
        const buyer = await newFundedCustomer('scaleout-demo', 100_000);
        await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: LINE_UNITS } });
        const instances = (service: string) => [system.processes[service]!, system.processes[`${service}-1`]!];
        const consumed = (service: string) =>
          instanceSamples(instances(service), 'micro_ecommerce_events_consumed_total', { event_type: 'OrderPaid', result: 'ok' });
        const [cartBefore, customerBefore] = [await consumed('cart'), await consumed('customer')];

        show.step(`${CHECKOUTS} checkouts of one unit each; OrderPaid goes to one instance of each group`);
        for (let i = 0; i < CHECKOUTS; i++)
          await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
        const state = async () => ({
          cart_units: (await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data.items[0]?.quantity ?? 0,
          loyalty_points: (await api('GET', '/api/v1/customer/me', { token: buyer.token })).body.data.loyalty_points,
        });
        const started = Date.now();
        let now = await state();
        while ((now.cart_units !== LINE_UNITS - CHECKOUTS || now.loyalty_points < CHECKOUTS * 3) && Date.now() - started < 20_000) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          now = await state();
        }
        const share = (after: number[], before: number[]) => after.map((n, i) => n - before[i]!);
        show.evidence('cart instances applied', share(await consumed('cart'), cartBefore));
        show.evidence('customer instances applied', share(await consumed('customer'), customerBefore));
        show.evidence('cart line units', `${now.cart_units} (= ${LINE_UNITS} - ${CHECKOUTS}: each removal once)`);
        show.evidence('loyalty points', `${now.loyalty_points} (= ${CHECKOUTS} orders x 3: each credit once)`);
      },
      { cart: 2, customer: 2 },
    ),
};
