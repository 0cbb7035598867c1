import { api, loginAdmin, newFundedCustomer, newSku } from '../../e2e/support/api.js';
import { stageConfig } from '../../e2e/support/system.js';
import { inTrace, jaegerTraceUrl, newTraceId, type Demo } from './demo.js';
import { circuitGauge, withSystem } from './system.js';

const PRICE_CENTS = 250;

/** Checkouts while payment is frozen: slow 503s until the circuit opens, then instant ones; then recovery. */
export const breakerDemo: Demo = {
  name: 'breaker',
  title: 'circuit breaker: payment frozen -> checkouts fail fast with 503 + Retry-After -> payment back, circuit closes',
  code: 'pkg/src/grpc/circuit-breaker.ts; service.order/src/adapters/out/grpc/payment-client.ts',
  test: 'e2e/circuit-breaker.test.ts; pkg/src/grpc/circuit-breaker.test.ts',
  run: (show) =>
    withSystem(show, async (system) => {
      const admin = await loginAdmin();
      const skuId = await newSku(admin, PRICE_CENTS, 1000, 'Breaker demo');
      const buyer = await newFundedCustomer('breaker-demo', 100_000);
      const checkout = async () => {
        const traceId = newTraceId();
        const started = performance.now();
        const res = await api('POST', '/api/v1/order', {
          token: buyer.token,
          body: { items: [{ sku_id: skuId, quantity: 1 }] },
          headers: inTrace(traceId),
        });
        const ms = Math.round(performance.now() - started);
        const code = res.status < 300 ? res.body.data.status : res.body.error.code;
        const retryAfter = res.headers.get('retry-after');
        return { line: `${res.status} ${code} in ${ms} ms${retryAfter === null ? '' : `, Retry-After ${retryAfter}`}`, traceId };
      };

      const { consecutive_failures, half_open_after_ms } = stageConfig.grpc.circuit_breaker;
      show.step(`A checkout while payment is healthy (the order service's circuit to payment: ${await circuitGauge('payment')})`);
      show.evidence('checkout', (await checkout()).line);

      const payment = system.processes.payment!;
      show.step('Payment frozen with SIGSTOP: it still accepts connections but answers nothing; each try waits its deadline');
      process.kill(payment.pid!, 'SIGSTOP');
      try {
        for (let i = 1; i <= consecutive_failures + 3; i++) {
          const { line, traceId } = await checkout();
          show.evidence(`checkout ${i} (circuit ${await circuitGauge('payment')})`, `${line}  trace ${traceId}`);
        }
      } finally {
        process.kill(payment.pid!, 'SIGCONT');
      }
      show.step(`Payment resumed; after ${half_open_after_ms} ms the next call is the probe that closes the circuit`);
      await new Promise((resolve) => setTimeout(resolve, half_open_after_ms + 200));
      const probe = await checkout();
      show.evidence(`probe checkout (circuit ${await circuitGauge('payment')})`, probe.line);
      show.evidence('its trace in Jaeger', jaegerTraceUrl(probe.traceId));
    }),
};
