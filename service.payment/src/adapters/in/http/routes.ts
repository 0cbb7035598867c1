import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { MiddlewareHandler } from 'hono';
import type { GetWallet } from '../../../app/get-wallet.js';
import type { ListPayments } from '../../../app/list-payments.js';
import type { TopUp } from '../../../app/top-up.js';
import { isCustomerId } from '../../../domain/customer-id.js';
import { bearerAuth, failure, jsonBodyRoute, jsonContent as json, registerBearerAuth } from '@micro-ecommerce/pkg/http';
import {
  historyQuery,
  historyResponse,
  paymentResponse,
  toPaymentJson,
  toWalletJson,
  topUpBody,
  topUpHeaders,
  walletResponse,
} from './schemas.js';

export interface PaymentUseCases {
  getWallet: GetWallet;
  topUp: TopUp;
  listPayments: ListPayments;
}

const BASE = '/api/v1/payment';
const security = bearerAuth;
const UNAUTHENTICATED = failure('missing, invalid or expired token (MISSING_TOKEN, INVALID_TOKEN, TOKEN_EXPIRED)');
const FORBIDDEN = failure('FORBIDDEN: the token names no customer, so no wallet');

const getWalletRoute = createRoute({
  method: 'get',
  path: `${BASE}/wallet`,
  summary: "The caller's wallet (created empty on first use)",
  security,
  responses: { 200: json(walletResponse, 'the wallet'), 401: UNAUTHENTICATED, 403: FORBIDDEN },
});

// Wallets are keyed by the customer service's UUIDs; a token for anything else owns no wallet.
const customerOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (!isCustomerId(c.var.principal.customerId)) {
    throw new AppError('PERMISSION_DENIED', 'the token does not name a customer', { reason: 'FORBIDDEN' });
  }
  await next();
};

/** Mounts the public payment routes; every one needs a valid access token and acts on the caller's own wallet. */
export const mountPaymentRoutes = (
  app: OpenAPIHono<AuthEnv>,
  useCases: PaymentUseCases,
  options: { verifyToken: TokenVerifier; maxPageSize: number; maxTopUpCents: number; cardTokens?: readonly string[] },
): void => {
  registerBearerAuth(app);
  // Authentication runs before validation: an anonymous caller learns nothing about the API's rules.
  const authenticated = requireAuth(options.verifyToken);
  app.use(BASE, authenticated, customerOnly);
  app.use(`${BASE}/*`, authenticated, customerOnly);

  const topUp = jsonBodyRoute(topUpBody(options), 'amount and card token');
  const topUpRoute = createRoute({
    method: 'post',
    path: `${BASE}/topup`,
    summary: "Adds money to the caller's wallet by charging a card token",
    security,
    middleware: topUp.middleware,
    request: { headers: topUpHeaders, body: topUp.body },
    responses: {
      201: json(paymentResponse, 'the succeeded top-up (also for a replayed Idempotency-Key, with Idempotent-Replayed: true)'),
      400: failure('INVALID_ARGUMENT (error.details.fields names every bad field), MALFORMED_JSON or INVALID_CARD_TOKEN'),
      401: UNAUTHENTICATED,
      402: failure('CARD_DECLINED: nothing was credited'),
      403: FORBIDDEN,
      409: failure('TOPUP_IN_PROGRESS: a request with this Idempotency-Key is still running'),
      422: failure('IDEMPOTENCY_KEY_REUSED: the key was used for a different amount'),
      ...topUp.failures,
    },
  });

  const historyRoute = createRoute({
    method: 'get',
    path: BASE,
    summary: "The caller's payments (top-ups, checkout debits, refunds, commissions and their reversals), newest first",
    security,
    request: { query: historyQuery(options.maxPageSize) },
    responses: {
      200: json(historyResponse, 'one page of payments'),
      400: failure('invalid page or page_size'),
      401: UNAUTHENTICATED,
      403: FORBIDDEN,
    },
  });

  app.openapi(getWalletRoute, async (c) => c.json({ data: toWalletJson(await useCases.getWallet(c.var.principal.customerId)) }, 200));

  app.openapi(topUpRoute, async (c) => {
    const body = c.req.valid('json');
    const { payment, replayed } = await useCases.topUp({
      customerId: c.var.principal.customerId,
      amountCents: body.amount_cents,
      cardToken: body.card_token,
      idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null,
    });
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ data: toPaymentJson(payment) }, 201);
  });

  app.openapi(historyRoute, async (c) => {
    const { page, page_size: pageSize } = c.req.valid('query');
    const result = await useCases.listPayments({ customerId: c.var.principal.customerId, page, pageSize });
    return c.json(
      {
        data: result.items.map(toPaymentJson),
        page: { page, page_size: pageSize, total: result.total, total_pages: Math.ceil(result.total / pageSize) },
      },
      200,
    );
  });

  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'micro-ecommerce payment', version: '1.0.0' } });
};
