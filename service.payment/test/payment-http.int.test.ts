import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentHarness, type PaymentHarness } from './payment-harness.js';

const TOPUP = '/api/v1/payment/topup';
const fieldsOf = (body: any): string[] => (body?.error?.details?.fields ?? []).map((f: { field: string }) => f.field);

describe('payment HTTP API', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('gives a new customer an empty wallet', async () => {
    const { authorization } = await h.newCustomer();
    const res = await h.api(authorization, 'GET', '/api/v1/payment/wallet');
    expect([res.status, res.body]).toEqual([200, { data: { balance_cents: 0, frozen_cents: 0, debited_cents: 0 } }]);
  });

  it('credits a successful top-up and lists it in the history with the provider reference only', async () => {
    const { id, authorization } = await h.newCustomer();
    const res = await h.api(authorization, 'POST', TOPUP, { amount_cents: 5000, card_token: 'tok_mastercard' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'TOPUP', amount_cents: 5000, status: 'SUCCEEDED' });
    expect(res.body.data.reference).toMatch(/^sbx_/);
    expect((await h.api(authorization, 'GET', '/api/v1/payment/wallet')).body.data.balance_cents).toBe(5000);

    const history = await h.api(authorization, 'GET', '/api/v1/payment');
    expect(history.body.data.map((p: any) => p.id)).toEqual([res.body.data.id]);
    expect(history.body.page).toEqual({ page: 1, page_size: 20, total: 1, total_pages: 1 });
    expect(JSON.stringify(history.body)).not.toContain('tok_mastercard');
    expect(await h.ledger(id)).toEqual({ balance: 5000, frozen: 0, debited: 0, topups: 5000 });
  });

  it('answers 402 CARD_DECLINED for tok_declined and credits nothing', async () => {
    const { authorization } = await h.newCustomer();
    const res = await h.api(authorization, 'POST', TOPUP, { amount_cents: 700, card_token: 'tok_declined' });
    expect([res.status, res.body.error.code]).toEqual([402, 'CARD_DECLINED']);
    expect((await h.api(authorization, 'GET', '/api/v1/payment/wallet')).body.data.balance_cents).toBe(0);
    const history = await h.api(authorization, 'GET', '/api/v1/payment');
    expect(history.body.data.map((p: any) => [p.status, p.failure_reason])).toEqual([['FAILED', 'CARD_DECLINED']]);
  });

  it('answers 400 naming card_token for a token the sandbox provider does not know (the document lists its tokens)', async () => {
    const { authorization } = await h.newCustomer();
    const res = await h.api(authorization, 'POST', TOPUP, { amount_cents: 700, card_token: '4242424242424242' });
    expect([res.status, res.body.error.code, fieldsOf(res.body)]).toEqual([400, 'INVALID_ARGUMENT', ['card_token']]);
  });

  it('replays an Idempotency-Key with the same payment and charges once', async () => {
    const { id, authorization } = await h.newCustomer();
    const headers = { 'idempotency-key': `key-${crypto.randomUUID()}` };
    const body = { amount_cents: 1200, card_token: 'tok_visa' };
    const [first, second] = [
      await h.api(authorization, 'POST', TOPUP, body, headers),
      await h.api(authorization, 'POST', TOPUP, body, headers),
    ];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await h.ledger(id)).toMatchObject({ balance: 1200, topups: 1200 });

    const reused = await h.api(authorization, 'POST', TOPUP, { ...body, amount_cents: 1300 }, headers);
    expect([reused.status, reused.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('charges a concurrent burst with one Idempotency-Key at most once', async () => {
    const { id, authorization } = await h.newCustomer();
    const headers = { 'idempotency-key': `key-${crypto.randomUUID()}` };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.api(authorization, 'POST', TOPUP, { amount_cents: 300, card_token: 'tok_visa' }, headers)),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(await h.ledger(id)).toMatchObject({ balance: 300, topups: 300 });
  });

  it('refuses bad input with a 4xx envelope naming the field, creating nothing', async () => {
    const { id, authorization } = await h.newCustomer();
    for (const amount of [0, -1, 10.5, '100', 1_000_001]) {
      const res = await h.api(authorization, 'POST', TOPUP, { amount_cents: amount, card_token: 'tok_visa' });
      expect([res.status, fieldsOf(res.body)]).toEqual([400, ['amount_cents']]);
    }
    const missing = await h.api(authorization, 'POST', TOPUP, { amount_cents: 100 });
    expect([missing.status, fieldsOf(missing.body)]).toEqual([400, ['card_token']]);
    const malformed = await h.api(authorization, 'POST', TOPUP, '{"amount_cents": ');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const page = await h.api(authorization, 'GET', '/api/v1/payment?page_size=101');
    expect([page.status, fieldsOf(page.body)]).toEqual([400, ['page_size']]);
    const { rows } = await h.pool.query('SELECT 1 FROM payments WHERE customer_id = $1', [id]);
    expect(rows).toHaveLength(0);
  });

  it('requires a token on every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/payment/wallet'],
      ['GET', '/api/v1/payment'],
      ['POST', TOPUP],
    ] as const) {
      const res = await h.api(null, method, path, method === 'POST' ? { amount_cents: 1, card_token: 'tok_visa' } : undefined);
      expect([res.status, res.body.error.code]).toEqual([401, 'MISSING_TOKEN']);
    }
  });

  it('pages the history newest first', async () => {
    const { authorization } = await h.newCustomer();
    for (const amount of [100, 200, 300]) await h.fund(authorization, amount);
    const res = await h.api(authorization, 'GET', '/api/v1/payment?page=2&page_size=2');
    expect(res.body.data.map((p: any) => p.amount_cents)).toEqual([100]);
    expect(res.body.page).toEqual({ page: 2, page_size: 2, total: 3, total_pages: 2 });
  });

  it('serves its OpenAPI document', async () => {
    const res = await h.api(null, 'GET', '/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/payment/wallet', '/api/v1/payment/topup', '/api/v1/payment']),
    );
  });
});
