// The edge rate limit as a client meets it: the real gateway process counting in the real Redis, in front of
// the real customer service. The test stage multiplies every limit by 1000 so the rest of the suite is never
// throttled; this file starts its gateway with the table's own limits and a Redis key prefix of its own, so its
// counters neither leak into other files nor see theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { pollUntil } from './support/poll-until.js';
import { gatewayUrl } from './support/system.js';
import { SIGNUP, signupLimit, startTableLimitsEdge } from './support/table-limits-edge.js';

const { klass: signupClass, limit, window } = signupLimit();
let edge: Awaited<ReturnType<typeof startTableLimitsEdge>>;

beforeAll(async () => {
  edge = await startTableLimitsEdge('test:e2e:ratelimit:');
  // Until the gateway forwards to the customer service (401: no token). A read: it does not touch the signup budget.
  const reached = await pollUntil(
    () => api('GET', '/api/v1/customer/me'),
    (res) => res.status === 401,
  );
  expect(reached.status).toBe(401);
});
afterAll(async () => {
  await edge?.stop();
});

describe('rate limits at the gateway', () => {
  it('answers 429 RATE_LIMITED with Retry-After, RateLimit and RateLimit-Policy once an address has used up its signup budget', async () => {
    // Invalid signups: the customer service answers 400 without creating anyone, and each still counts.
    const attempt = () => api('POST', SIGNUP, { body: { email: 'not-an-email' } });
    const first = await attempt();
    expect(first.status).toBe(400);
    expect(first.headers.get('ratelimit-policy')).toBe(`"${signupClass}-ip";q=${limit};w=${window}`);
    expect(first.headers.get('ratelimit')).toMatch(new RegExp(`^"${signupClass}-ip";r=${limit - 1};t=\\d+$`));
    for (let sent = 1; sent < limit; sent += 1) expect((await attempt()).status).toBe(400);

    const refused = await attempt();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(window);
    expect(refused.headers.get('ratelimit')).toMatch(new RegExp(`^"${signupClass}-ip";r=0;t=\\d+$`));
    expect(refused.headers.get('ratelimit-policy')).toBe(`"${signupClass}-ip";q=${limit};w=${window}`);
    expect(refused.body).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        details: { class: signupClass, key: 'ip', limit, window_seconds: window, retry_after_seconds: retryAfter },
      },
      request_id: expect.any(String),
    });

    // The gateway's own endpoints stay open to the same address.
    expect((await fetch(`${gatewayUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${gatewayUrl}/metrics`)).status).toBe(200);
  });
});
