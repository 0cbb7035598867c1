import { loadConfig } from '@micro-ecommerce/pkg/config';
import { WalletServiceClient } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { createGrpcClient, type GrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { createPaymentEventChecker } from '../src/adapters/out/postgres/payment-event-checker.js';
import { createPaymentEventPublisher } from '../src/adapters/out/rocketmq/payment-event-publisher.js';
import { SandboxPaymentProvider } from '../src/adapters/out/sandbox/sandbox-payment-provider.js';
import { paymentConfigSchema, type PaymentSection } from '../src/config.js';
import { startPayment } from '../src/start-payment.js';
import { testTokens } from '@micro-ecommerce/pkg/testing';

export const { config } = loadConfig(paymentConfigSchema, { defaultStage: 'config/test.yaml' });
/** The test stage's payment section on free ports. */
export const section: PaymentSection = {
  ...config.services.payment,
  http: { host: '127.0.0.1', port: 0 },
  grpc: { host: '127.0.0.1', port: 0 },
};

/**
 * The whole payment service in-process on free ports, against the real `payment` database, the real broker
 * (WalletCredited on payment-events) and the sandbox provider, with helpers to call it as a customer (HTTP) and as the order service (gRPC) would.
 */
export const startPaymentHarness = async () => {
  const pool = createPool(config.postgres, 'payment');
  const tokens = await testTokens();
  const logger = pino({ level: 'silent' });
  const producer = new EventProducer({
    config: config.rocketmq,
    topics: [TOPICS.paymentEvents],
    checker: createPaymentEventChecker(pool),
    logger,
  });
  await producer.start();
  const events = createPaymentEventPublisher(producer);
  const payment = await startPayment(section, {
    logger,
    pool,
    provider: new SandboxPaymentProvider(),
    events,
    verifyToken: tokens.verifyToken,
  });
  const wallet: GrpcClient<WalletServiceClient> = createGrpcClient(WalletServiceClient, `127.0.0.1:${payment.grpcPort}`, {
    grpc: config.grpc,
  });

  return {
    pool,
    wallet,
    /** The service's publisher on the real producer (payment-events), for the consumers' use cases. */
    events,

    /** A customer no other test run has used (the database is shared and persistent), with a token. */
    async newCustomer() {
      const id = crypto.randomUUID();
      return { id, authorization: await tokens.bearerFor(id) };
    },

    /** Calls the HTTP API; the body is sent as JSON unless it is a string already. */
    async api(authorization: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const all: Record<string, string> = { ...headers, ...(authorization === null ? {} : { authorization }) };
      if (body !== undefined) all['content-type'] = 'application/json';
      const res = await fetch(`http://127.0.0.1:${payment.httpPort}${path}`, {
        method,
        headers: all,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as any) };
    },

    /** Tops up through the API with tok_visa and checks it worked. */
    async fund(authorization: string, amountCents: number) {
      const res = await this.api(authorization, 'POST', '/api/v1/payment/topup', { amount_cents: amountCents, card_token: 'tok_visa' });
      if (res.status !== 201) throw new Error(`top-up failed: ${JSON.stringify(res.body)}`);
    },

    /** The wallet row and the sum of its succeeded top-ups, read straight from the database. */
    async ledger(customerId: string) {
      const { rows } = await pool.query<{ balance: string; frozen: string; debited: string; topups: string }>(
        `SELECT w.balance_cents::text AS balance, w.frozen_cents::text AS frozen, w.debited_cents::text AS debited,
                (SELECT coalesce(sum(amount_cents), 0)::text FROM payments
                  WHERE customer_id = w.customer_id AND kind = 'TOPUP' AND status = 'SUCCEEDED') AS topups
         FROM wallets w WHERE w.customer_id = $1`,
        [customerId],
      );
      const row = rows[0]!;
      return { balance: Number(row.balance), frozen: Number(row.frozen), debited: Number(row.debited), topups: Number(row.topups) };
    },

    /**
     * The wallet's three amounts and what the invariant says they must sum to: succeeded top-ups + commissions −
     * what reversals took (scripts/invariants.ts).
     */
    async accounts(customerId: string) {
      const { rows } = await pool.query<{ held: string; credited: string }>(
        `SELECT (w.balance_cents + w.frozen_cents + w.debited_cents)::text AS held,
                (SELECT coalesce(sum(CASE kind WHEN 'COMMISSION_REVERSAL' THEN shortfall_cents - amount_cents ELSE amount_cents END), 0)::text
                   FROM payments WHERE customer_id = w.customer_id AND status = 'SUCCEEDED'
                    AND kind IN ('TOPUP', 'COMMISSION', 'COMMISSION_REVERSAL')) AS credited
         FROM wallets w WHERE w.customer_id = $1`,
        [customerId],
      );
      return { held: Number(rows[0]!.held), credited: Number(rows[0]!.credited) };
    },

    async stop() {
      wallet.close();
      await payment.stop();
      await producer.stop();
      await pool.end();
    },
  };
};

export type PaymentHarness = Awaited<ReturnType<typeof startPaymentHarness>>;
