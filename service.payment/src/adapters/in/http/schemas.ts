import { z } from '@hono/zod-openapi';
import { pageQuery, textField } from '@micro-ecommerce/pkg/http';
import type { Payment } from '../../../domain/payment.js';
import type { Wallet } from '../../../domain/wallet.js';

// Request and response shapes of the public payment API (DESIGN.md §4): snake_case keys, integer cents.

/**
 * The top-up body, documenting what this deployment accepts: the configured maximum (the domain checks it again)
 * and, when the provider knows a fixed set of tokens (the sandbox), exactly those.
 */
export const topUpBody = (limits: { maxTopUpCents: number; cardTokens?: readonly string[] }) => {
  const token = textField({ min: 1, max: 200 });
  const description = 'a token from the provider, never card data';
  const [first, ...rest] = limits.cardTokens ?? [];
  const cardToken =
    first === undefined
      ? token.openapi({ example: 'tok_visa', description })
      : z.enum([first, ...rest]).openapi({ example: first, description: `${description}; the sandbox provider knows these` });
  return z
    .strictObject({
      amount_cents: z.number().int().positive().max(limits.maxTopUpCents).openapi({ example: 5000, description: 'cents to add' }),
      card_token: cardToken,
    })
    .openapi('TopUp');
};

export const topUpHeaders = z.object({
  'idempotency-key': textField({ min: 1, max: 200, notBlank: true, trim: true })
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'the same key returns the same result' }),
});

/** page_size's upper bound comes from the config, so the query schema is built at start. */
export const historyQuery = (maxPageSize: number) => pageQuery(maxPageSize);

const walletJson = z
  .object({
    balance_cents: z
      .number()
      .int()
      .openapi({
        description:
          'spendable money; below zero only when a commission earned on payment (before commissions waited for shipping) ' +
          'was taken back after it had been spent: the next credits pay it off first',
      }),
    frozen_cents: z.number().int(),
    debited_cents: z.number().int(),
  })
  .openapi('Wallet');

const paymentJson = z
  .object({
    id: z.string(),
    kind: z.enum(['TOPUP', 'DEBIT', 'REFUND', 'COMMISSION', 'COMMISSION_REVERSAL']).openapi({
      description:
        "TOPUP: money in by card; DEBIT: a checkout; REFUND: a cancelled paid order's debit given back; COMMISSION: " +
        "a referrer's share of a referred customer's paid order; COMMISSION_REVERSAL: that share taken back on refund",
    }),
    amount_cents: z.number().int(),
    status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
    reference: z
      .string()
      .nullable()
      .openapi({
        description:
          "provider's charge reference (top-up), the checkout's xid (debit, and the refund that gives it back) or the order id " +
          '(commission, reversal)',
      }),
    order_id: z
      .string()
      .nullable()
      .openapi({ description: 'the order a REFUND, COMMISSION or COMMISSION_REVERSAL belongs to (its correlation key); null otherwise' }),
    shortfall_cents: z
      .number()
      .int()
      .openapi({
        description:
          'COMMISSION_REVERSAL only, written before reversals took the full amount: the part the balance could not cover, ' +
          'never taken back; 0 otherwise',
      }),
    failure_reason: z.string().nullable(),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Payment');

export const walletResponse = z.object({ data: walletJson });
export const paymentResponse = z.object({ data: paymentJson });
export const historyResponse = z.object({
  data: z.array(paymentJson),
  page: z.object({ page: z.number().int(), page_size: z.number().int(), total: z.number().int(), total_pages: z.number().int() }),
});

/** The public JSON of a wallet. */
export const toWalletJson = (wallet: Wallet) => ({
  balance_cents: wallet.balanceCents,
  frozen_cents: wallet.frozenCents,
  debited_cents: wallet.debitedCents,
});

/** The public JSON of a payment. */
export const toPaymentJson = (payment: Payment) => ({
  id: payment.id,
  kind: payment.kind,
  amount_cents: payment.amountCents,
  status: payment.status,
  reference: payment.reference,
  order_id: payment.orderId,
  shortfall_cents: payment.shortfallCents,
  failure_reason: payment.failureReason,
  created_at: payment.createdAt.toISOString(),
});
