import { createTokenIssuer, loadSigningKey } from '@micro-ecommerce/pkg/auth';
import { openEventStream } from '@micro-ecommerce/pkg/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, loginAdmin, newFundedCustomer, newSku } from '../support/api.js';
import { gatewayUrl, stageConfig, startSystem } from '../support/system.js';

// Issue 20 (class 3): one signed-in customer holding live order streams must not starve the order API of
// anyone else. More attempts than the gateway has sockets to one upstream (256): before the per-account limit
// and the streams' own pool, every socket to order ended up held by one account's streams.
const ATTEMPTS = 300;
// A stream head that has not come by then counts as never answered (the flood queues behind exhausted pools).
const HEAD_TIMEOUT_MS = 15_000;

type Stream = Awaited<ReturnType<typeof openEventStream>>;

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;
let staffToken: string;
const opened: Stream[] = [];

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
  const staff = stageConfig.services.customer.staff[0];
  staffToken = await login(staff.email, staff.password);
});
afterAll(async () => {
  opened.forEach((stream) => stream.close());
  await system?.stop();
});

const eventsUrl = (orderId: string) => `${gatewayUrl}/api/v1/order/${orderId}/events`;

/** A paid order of a fresh funded customer: something to watch. */
const paidOrder = async (label: string, token?: string) => {
  const buyer = token === undefined ? await newFundedCustomer(label, 10_000) : undefined;
  const skuId = await newSku(adminToken, 500, 50, 'E2E Stream Target');
  const res = await api('POST', '/api/v1/order', { token: token ?? buyer!.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { buyer, orderId: res.body.data.id as string };
};

// A call still unanswered by then is reported as such instead of running into the test's timeout.
const GIVE_UP_MS = 30_000;

/** Milliseconds a call took, with its status (0: no answer within GIVE_UP_MS). */
const timed = async (call: () => Promise<{ status: number }>) => {
  const started = performance.now();
  const giveUp = sleep(GIVE_UP_MS, { status: 0 });
  const { status } = await Promise.race([call(), giveUp]);
  return { status, ms: performance.now() - started };
};

describe('one account cannot starve the order API with live streams', () => {
  it('refuses streams past the per-account limit with 429, and others are served promptly while they are held', async () => {
    const { buyer: attacker, orderId } = await paidOrder('stream-hog');
    const shopper = await newFundedCustomer('stream-bystander', 100_000);
    const skuId = await newSku(adminToken, 100, 1000, 'E2E Bystander Item');
    const checkout = () => api('POST', '/api/v1/order', { token: shopper.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
    const staffList = () => api('GET', '/api/v1/order', { token: staffToken });
    // Baselines on the same system, measured the same way, before any stream is open (warm: the second of two).
    await timed(checkout);
    const baseCheckout = await timed(checkout);
    await timed(staffList);
    const baseList = await timed(staffList);
    expect([baseCheckout.status, baseList.status]).toEqual([201, 200]);

    const attempts = await Promise.allSettled(
      Array.from({ length: ATTEMPTS }, () =>
        openEventStream(eventsUrl(orderId), { authorization: `Bearer ${attacker!.token}` }, { headTimeoutMs: HEAD_TIMEOUT_MS }),
      ),
    );
    const answered = attempts.filter((attempt) => attempt.status === 'fulfilled').map((attempt) => attempt.value);
    try {
      // While the account holds every stream it could get: another customer checks out, staff list orders.
      const [duringCheckout, duringList] = await Promise.all([timed(checkout), timed(staffList)]);
      // Generous: ten times the baseline (at least 2 s); a starved API answers after the gateway's upstream timeout or never.
      const bound = (baseline: number) => Math.max(2_000, baseline * 10);
      expect(duringList.status, `staff GET /order (0: no answer within ${GIVE_UP_MS} ms)`).toBe(200);
      expect(duringList.ms, `staff GET /order took ${duringList.ms} ms (baseline ${baseList.ms} ms)`).toBeLessThan(bound(baseList.ms));
      expect(duringCheckout.status).toBe(201);
      expect(duringCheckout.ms, `checkout took ${duringCheckout.ms} ms (baseline ${baseCheckout.ms} ms)`).toBeLessThan(
        bound(baseCheckout.ms),
      );

      const limit: number = stageConfig.services.order.event_streams.max_per_account;
      // Every attempt got an answer (none left hanging), exactly `limit` of them a stream, the rest 429.
      expect(answered).toHaveLength(ATTEMPTS);
      expect(answered.filter((stream) => stream.status === 200)).toHaveLength(limit);
      const refused = answered.filter((stream) => stream.status !== 200);
      expect(new Set(refused.map((stream) => stream.status))).toEqual(new Set([429]));
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);

      // The refusal is the error envelope; a stream closed frees its place for the next one.
      const extra = await api('GET', `/api/v1/order/${orderId}/events`, {
        token: attacker!.token,
        headers: { accept: 'text/event-stream' },
      });
      expect(extra.status).toBe(429);
      expect(extra.body.error).toMatchObject({ code: 'TOO_MANY_STREAMS' });
      expect(extra.body.request_id).toBeTruthy();
      answered.find((stream) => stream.status === 200)!.close();
      await expect
        .poll(
          async () => {
            const again = await openEventStream(eventsUrl(orderId), { authorization: `Bearer ${attacker!.token}` });
            again.close();
            return again.status;
          },
          { timeout: 10_000, interval: 250 },
        )
        .toBe(200);
    } finally {
      // The next test must not meet these streams (before the limit, they held every socket to order).
      answered.forEach((stream) => stream.close());
    }
  });

  it("ends a stream at its token's expiry; the client resumes with Last-Event-ID and a fresh token", async () => {
    const { buyer, orderId } = await paidOrder('stream-expiry');
    const { issuer, audience } = stageConfig.auth;
    const jwt = stageConfig.services.customer.jwt;
    const key = await loadSigningKey(jwt.private_key_path, jwt.public_key_path);
    const principal = { customerId: buyer!.id, role: 'customer' as const };
    const shortLived = (await createTokenIssuer({ key, issuer, audience, ttlSeconds: 3 })(principal)).accessToken;
    const expiresAt = JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString()).exp * 1000;

    const stream = await openEventStream(eventsUrl(orderId), { authorization: `Bearer ${shortLived}` });
    opened.push(stream);
    expect(stream.status).toBe(200);
    const status = await stream.next();
    expect(status.event).toBe('status');
    // The server ends it (a clean end, not a cut), at the expiry and not long after; heartbeats are 15 s apart.
    expect(await stream.ended(15_000)).toBe(true);
    const endedAt = Date.now();
    expect(endedAt).toBeGreaterThanOrEqual(expiresAt - 1000);
    expect(endedAt).toBeLessThan(expiresAt + 3000);

    const resumed = await openEventStream(eventsUrl(orderId), { authorization: `Bearer ${buyer!.token}`, 'last-event-id': status.id! });
    opened.push(resumed);
    expect(resumed.status).toBe(200);
    // Resuming after the last seq seen: no status event again, the next change is the first event.
    const accepted = await api('POST', `/api/v1/order/${orderId}/accept`, { token: staffToken });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const next = await resumed.next();
    expect(next.event).toBe('OrderAccepted');
    expect(Number(next.id)).toBeGreaterThan(Number(status.id));
    resumed.close();
  });
});
