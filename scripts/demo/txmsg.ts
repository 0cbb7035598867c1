import { api, loginAdmin, newFundedCustomer, newSku } from '../../e2e/support/api.js';
import { inTrace, jaegerTraceUrl, newTraceId, type Demo } from './demo.js';
import { withSystem } from './system.js';

const PRICE_CENTS = 700;

/** The order service killed between its database commit and the message commit; the check-back delivers OrderPaid. */
export const txmsgDemo: Demo = {
  name: 'txmsg',
  title: "transactional message: order dies between its commit and the message's; the broker's check-back delivers OrderPaid",
  code: 'pkg/src/rocketmq/event-producer.ts; service.order/src/adapters/out/postgres/order-event-checker.ts',
  test: 'e2e/order-events-resilience.test.ts (killed between the local commit and the message commit)',
  run: (show) =>
    withSystem(show, async (system) => {
      const admin = await loginAdmin();
      const skuId = await newSku(admin, PRICE_CENTS, 10, 'Txmsg demo');
      const buyer = await newFundedCustomer('txmsg-demo', 10_000);
      await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: 2 } });
      // What OrderPaid's consumers do: customer credits loyalty points, cart removes the bought lines.
      const effects = async () => ({
        loyalty_points: (await api('GET', '/api/v1/customer/me', { token: buyer.token })).body.data?.loyalty_points,
        cart_lines: (await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data?.items.length,
      });
      show.evidence('before the checkout', await effects());

      const order = system.processes.order!;
      show.step("Order restarted armed to die right after the checkout's local commit, before it commits the half message");
      await order.stop();
      await order.start({ CONFIG__SERVICES__ORDER__CRASH_AT: 'event:after-local-commit' });
      const traceId = newTraceId();
      const answer = api('POST', '/api/v1/order', { token: buyer.token, body: { from_cart: true }, headers: inTrace(traceId) }).catch(
        () => undefined,
      );
      show.evidence('order service exit code', await order.waitForExit(20_000));
      await answer;
      const killedAt = Date.now();
      show.evidence('OrderPaid reached nobody yet', await effects());

      show.step('Order restarted: the broker asks it about the half message; its checker finds the order PAID and says COMMIT');
      await order.start();
      for (;;) {
        const now = await effects();
        if (now.cart_lines === 0 && now.loyalty_points > 0) {
          show.evidence(`delivered ${Date.now() - killedAt} ms after the kill`, now);
          break;
        }
        if (Date.now() - killedAt > 45_000) throw new Error(`OrderPaid was not delivered: ${JSON.stringify(now)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      show.evidence('the checkout trace in Jaeger', jaegerTraceUrl(traceId));
    }),
};
