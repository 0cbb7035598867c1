import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { api, loginAdmin, newFundedCustomer, newSku } from '../../e2e/support/api.js';
import { inTrace, jaegerTraceUrl, newTraceId, type Demo } from './demo.js';
import { withSystem } from './system.js';

// Coordinator steps of the order service (pkg/src/tcc/coordinator.ts) a demo run may die at.
const STEPS = ['after-begin', 'after-try:stock', 'after-try:payment', 'after-tries', 'after-confirming', 'before-phase-two'];
const PRICE_CENTS = 400;
const QUANTITY = 2;

/** The order service killed at a chosen step of a checkout, restarted, and recovery finishing the transaction. */
export const tccDemo: Demo = {
  name: 'tcc',
  title: 'TCC recovery: the order service dies at a chosen checkout step (step=...), recovery finishes it, once',
  code: 'pkg/src/tcc/coordinator.ts, pkg/src/tcc/recovery.ts; service.order/src/adapters/out/tcc',
  test: 'e2e/checkout-crash.test.ts (every step of every service)',
  run: async (show, args) => {
    const step = args[0] ?? 'after-confirming';
    if (!STEPS.includes(step)) throw new Error(`step must be one of: ${STEPS.join(', ')}`);
    const { postgres } = testConfig();
    const pools = {
      order: createPool(postgres, 'order'),
      product: createPool(postgres, 'product'),
      payment: createPool(postgres, 'payment'),
    };
    try {
      await withSystem(show, async (system) => {
        const admin = await loginAdmin();
        const skuId = await newSku(admin, PRICE_CENTS, 10, 'TCC demo');
        const buyer = await newFundedCustomer('tcc-demo', 10_000);
        const snapshot = async (xid: string) => ({
          tx: (await pools.order.query('select state, reason from tcc_global_tx where xid = $1', [xid])).rows[0],
          order: (await pools.order.query('select status from orders where xid = $1', [xid])).rows[0]?.status,
          stock: (await pools.product.query('select available, reserved, sold from skus where id = $1', [skuId])).rows[0],
          wallet: (
            await pools.payment.query('select balance_cents, frozen_cents, debited_cents from wallets where customer_id = $1', [buyer.id])
          ).rows[0],
        });

        const order = system.processes.order!;
        show.step(`Restarting the order service armed to exit with 137 at '${step}' (like kill -9: no cleanup)`);
        await order.stop();
        await order.start({ CONFIG__SERVICES__ORDER__CRASH_AT: step });
        const traceId = newTraceId();
        const answer = api('POST', '/api/v1/order', {
          token: buyer.token,
          body: { items: [{ sku_id: skuId, quantity: QUANTITY }] },
          headers: inTrace(traceId),
        }).catch(() => undefined);
        show.evidence('order service exit code', await order.waitForExit(20_000));
        const res = await answer;
        show.evidence(
          'what the client was told',
          res === undefined ? 'no answer' : `${res.status} ${JSON.stringify(res.body?.data?.status ?? res.body?.error?.code)}`,
        );
        const xid = (
          await pools.order.query<{ xid: string }>(`select xid from orders where customer_id = $1 order by created_at desc limit 1`, [
            buyer.id,
          ])
        ).rows[0]?.xid;
        if (xid === undefined) {
          show.evidence('left behind', 'nothing: the process died before the order and the transaction log were written');
          await order.start();
          return;
        }
        show.evidence('left behind', await snapshot(xid));

        show.step('Restarting the order service without the crash point: its recovery worker resumes the transaction');
        await order.start();
        const started = Date.now();
        let last = '';
        for (;;) {
          const now = await snapshot(xid);
          const line = `${now.tx.state}${now.tx.reason ? ` (${now.tx.reason})` : ''}, order ${now.order}`;
          if (line !== last) show.evidence(`after ${Date.now() - started} ms`, line);
          last = line;
          if (['CONFIRMED', 'CANCELLED'].includes(now.tx.state) || Date.now() - started > 30_000) {
            show.evidence('stock (available/reserved/sold)', now.stock);
            show.evidence('wallet', now.wallet);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        show.evidence('the checkout trace in Jaeger', jaegerTraceUrl(traceId));
      });
    } finally {
      await Promise.all(Object.values(pools).map((pool) => pool.end()));
    }
  },
};
