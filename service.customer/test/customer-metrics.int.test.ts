import { initMetrics } from '@micro-ecommerce/pkg/telemetry';
import { sampleValue } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCustomer, testCustomerConfig, type TestCustomer } from './start-test-customer.js';

// Failed logins against the service in-process (real PostgreSQL and Redis) until the rate limit refuses, then
// what its own GET /metrics says. Emails and client IPs are unique to the run: the Redis counters are shared.

const limits = { window_seconds: 60, max_per_ip: 6, max_per_account_and_ip: 2, max_backoff_seconds: 900 };
const metrics = initMetrics({ serviceName: 'customer' });
let service: TestCustomer;
beforeAll(async () => {
  service = await startTestCustomer(testCustomerConfig({ login_rate_limit: limits }), { metrics });
});
afterAll(async () => {
  await service?.close();
  await metrics.shutdown();
});

const uniqueIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join('.')}`;
const logIn = async (email: string, ip: string) =>
  (
    await fetch(`${service.baseUrl}/api/v1/customer/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password: 'not the password' }),
    })
  ).status;
const refusals = async (limit: string) =>
  sampleValue(await (await fetch(`${service.baseUrl}/metrics`)).text(), 'micro_ecommerce_login_rate_limit_refusals_total', { limit });

describe('customer metrics at GET /metrics', () => {
  it('counts a login the per account-and-address limit refuses, once per refusal, and not the failures before it', async () => {
    const email = `metrics-${crypto.randomUUID()}@customer-int.test`;
    const ip = uniqueIp();
    const before = await refusals('account_ip');
    for (let i = 0; i < limits.max_per_account_and_ip; i++) expect(await logIn(email, ip)).toBe(401);
    expect(await refusals('account_ip')).toBe(before);
    expect(await logIn(email, ip)).toBe(429);
    expect(await logIn(email, ip)).toBe(429);
    expect(await refusals('account_ip')).toBe(before + 2);
  });

  it('counts a login the per-IP limit refuses under limit="ip"', async () => {
    const ip = uniqueIp();
    const before = await refusals('ip');
    for (let i = 0; i < limits.max_per_ip; i++) expect(await logIn(`metrics-${crypto.randomUUID()}@customer-int.test`, ip)).toBe(401);
    expect(await logIn(`metrics-${crypto.randomUUID()}@customer-int.test`, ip)).toBe(429);
    expect(await refusals('ip')).toBe(before + 1);
  });
});
