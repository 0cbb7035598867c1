import { AppError } from '@micro-ecommerce/pkg/errors';

/** The balance cannot cover a debit; 402 so a public caller sees "payment required". */
export const insufficientFunds = (balanceCents: number, amountCents: number): AppError =>
  new AppError('FAILED_PRECONDITION', 'the wallet balance does not cover the amount', {
    reason: 'INSUFFICIENT_FUNDS',
    httpStatus: 402,
    details: { balance_cents: balanceCents, amount_cents: amountCents },
  });

/** A try that arrived after its global transaction was cancelled: nothing was frozen. */
export const transactionCancelled = (xid: string): AppError =>
  new AppError('ABORTED', 'the transaction was already cancelled', { reason: 'TRANSACTION_CANCELLED', details: { xid } });

/** A confirm for an xid whose try never froze anything here: the coordinator broke the protocol. */
export const debitNotFound = (xid: string): AppError =>
  new AppError('FAILED_PRECONDITION', 'no debit was tried under this xid', { reason: 'DEBIT_NOT_FOUND', details: { xid } });

/** A confirm after a cancel (or the reverse): the debit already reached the other end state. */
export const debitAlreadySettled = (xid: string, status: string): AppError =>
  new AppError('FAILED_PRECONDITION', `the debit is already ${status}`, { reason: 'DEBIT_ALREADY_SETTLED', details: { xid, status } });

/** The provider declined the card; nothing was credited. */
export const cardDeclined = (): AppError =>
  new AppError('FAILED_PRECONDITION', 'the card was declined', { reason: 'CARD_DECLINED', httpStatus: 402 });

/** The card token is not one the provider knows. */
export const invalidCardToken = (): AppError =>
  new AppError('INVALID_ARGUMENT', 'unknown card token', {
    reason: 'INVALID_CARD_TOKEN',
    details: { fields: [{ field: 'card_token', message: 'unknown card token' }] },
  });

/** The same Idempotency-Key was sent with a different amount: a client bug, never a second charge. */
export const idempotencyKeyReused = (): AppError =>
  new AppError('FAILED_PRECONDITION', 'the Idempotency-Key was used for a different request', {
    reason: 'IDEMPOTENCY_KEY_REUSED',
    httpStatus: 422,
  });

/** A top-up with this Idempotency-Key is still waiting for the provider. */
export const topUpInProgress = (): AppError =>
  new AppError('ABORTED', 'a top-up with this Idempotency-Key is in progress', { reason: 'TOPUP_IN_PROGRESS', httpStatus: 409 });

/** The AppError a FAILED top-up answered, rebuilt from its stored reason for a replay. */
export const topUpFailure = (failureReason: string | null): AppError =>
  failureReason === 'INVALID_CARD_TOKEN' ? invalidCardToken() : cardDeclined();

/**
 * A paid order's refund found its debit still frozen: the checkout's TCC confirm has not run yet. Retryable: the
 * consumer throws it so the broker redelivers the OrderCancelled later, by when the confirm has debited it.
 */
export const debitNotYetConfirmed = (xid: string): AppError =>
  new AppError('UNAVAILABLE', 'the debit to refund is not confirmed yet', { reason: 'NOT_YET_CONFIRMED', details: { xid } });
