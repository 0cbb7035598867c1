import { api } from '../../e2e/support/api.js';
import { gatewayUrl } from '../../e2e/support/system.js';
import { SIGNUP, signupLimit, startTableLimitsEdge } from '../../e2e/support/table-limits-edge.js';
import type { Demo } from './demo.js';

/** One address using up its sign-up budget at the gateway: 429 with Retry-After and the RateLimit headers. */
export const ratelimitDemo: Demo = {
  name: 'ratelimit',
  title: 'edge rate limit: one address uses up its sign-up budget; 429 RATE_LIMITED with Retry-After and RateLimit headers',
  code: 'config/routes.yaml (the table); scripts/gateway/src/rate-limit/; scripts/deploy/istio-rate-limit.ts (Envoy, cluster)',
  test: 'e2e/rate-limit.test.ts; scripts/gateway/src/rate-limit.int.test.ts; scripts/deploy/rate-limit.test.ts',
  run: async (show) => {
    const { klass, limit, window } = signupLimit();
    show.step(`Customer service and a gateway with config/routes.yaml's own limits (class ${klass}: ${limit} per address per ${window} s)`);
    const edge = await startTableLimitsEdge('test:demo:ratelimit:');
    try {
      // Invalid sign-ups: the customer service refuses them (400) without creating anyone, and each still counts.
      const attempt = () => api('POST', SIGNUP, { body: { email: 'not-an-email' } });
      const first = await attempt();
      show.step('Invalid sign-ups from one address, one after the other');
      show.evidence('sign-up 1', `${first.status} ${first.body.error.code}; RateLimit ${first.headers.get('ratelimit')}`);
      show.evidence('RateLimit-Policy', first.headers.get('ratelimit-policy'));
      let sent = 1;
      let refused = first;
      while (refused.status !== 429 && sent < limit + 5) {
        refused = await attempt();
        sent += 1;
      }
      show.evidence(`sign-up ${sent}`, `${refused.status} ${refused.body.error?.code}; Retry-After ${refused.headers.get('retry-after')}`);
      show.evidence('RateLimit', refused.headers.get('ratelimit'));
      show.evidence('error details', refused.body.error?.details);
      show.evidence('GET /healthz meanwhile', (await fetch(`${gatewayUrl}/healthz`)).status);
    } finally {
      show.step('Stopping the gateway and the customer service');
      await edge.stop();
    }
  },
};
