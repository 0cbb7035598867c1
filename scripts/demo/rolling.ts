import type { ServiceProcess } from '../../e2e/support/service-process.js';
import { api, loginAdmin, newFundedCustomer, newSku } from '../../e2e/support/api.js';
import { steadyLoad } from '../../e2e/support/steady-load.js';
import { rollingRestart, settleMsOf } from '../rolling-restart/rolling-restart.js';
import type { Demo } from './demo.js';
import { withSystem } from './system.js';

const CONNECTIONS = 3;

/** The order service replaced instance by instance while checkouts and reads keep coming: 0 failed requests. */
export const rollingDemo: Demo = {
  name: 'rolling',
  title: 'rolling restart: order replaced one instance at a time under checkout load, 0 failed requests',
  code: 'scripts/rolling-restart/; pkg/src/lifecycle/ (readiness 503 at SIGTERM, drain); scripts/gateway/src/upstreams.ts',
  test: 'e2e/rolling-restart.test.ts; scripts/deploy/rolling-update.test.ts (Kubernetes RollingUpdate, preStop)',
  run: (show) =>
    withSystem(show, async (system) => {
      const skuId = await newSku(await loginAdmin(), 100, 100_000, 'Rolling demo');
      const buyer = await newFundedCustomer('rolling-demo', 1_000_000);
      const requests = [
        async () => ({
          label: 'POST /order (checkout)',
          ...(await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } })),
        }),
        async () => ({ label: 'GET /order', ...(await api('GET', '/api/v1/order?page=1&page_size=5', { token: buyer.token })) }),
      ];
      show.step(`${CONNECTIONS} connections of checkouts and order reads through the gateway, then the rolling restart of order`);
      const running = { value: true };
      const load = steadyLoad(requests, running, CONNECTIONS);
      const slots = new Map<number, ServiceProcess>([[0, system.processes.order!]]);
      const started = Date.now();
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await rollingRestart(
          {
            start: async (slot) => void slots.set(slot, await system.startInstance('order', slot)),
            drain: async (slot) => {
              const old = slots.get(slot)!;
              slots.delete(slot);
              await old.stop();
              show.evidence(`slot ${slot} drained, exit code`, await old.waitForExit(1000));
            },
          },
          { replicas: system.replicas.order, settleMs: settleMsOf('order'), log: (line) => show.step(line) },
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        running.value = false;
        await load.done;
      }
      show.evidence('restart took', `${Date.now() - started} ms`);
      show.evidence('requests sent', load.tally.sent);
      show.evidence('failed', `${load.tally.failures.length} ${JSON.stringify(load.tally.failures.slice(0, 3))}`);
      if (load.tally.failures.length > 0) throw new Error('requests failed during the rolling restart');
    }),
};
