import { AppError, type ErrorKind } from '@micro-ecommerce/pkg/errors';

// The public status of each reason a checkout is cancelled for (DESIGN.md §6): the participants' own gRPC kinds
// (FAILED_PRECONDITION) would all read as 400, which says "fix your request" where the real answer differs.
const FAILURES: Record<string, { kind: ErrorKind; httpStatus: number; message: string }> = {
  OUT_OF_STOCK: { kind: 'FAILED_PRECONDITION', httpStatus: 409, message: 'not enough stock for the order' },
  INSUFFICIENT_FUNDS: { kind: 'FAILED_PRECONDITION', httpStatus: 402, message: 'the wallet balance does not cover the order' },
  TIMEOUT: { kind: 'DEADLINE_EXCEEDED', httpStatus: 504, message: 'the checkout did not complete before its deadline' },
  SKU_NOT_FOUND: { kind: 'NOT_FOUND', httpStatus: 404, message: 'a SKU of the order no longer exists' },
  PAYMENT_UNAVAILABLE: { kind: 'UNAVAILABLE', httpStatus: 503, message: 'payment is unavailable: nothing was charged, pay again shortly' },
};

/** The error a cancelled checkout answers with, from the reason it was cancelled for. */
export const checkoutFailure = (reason: string, orderId: string | null, cause?: AppError): AppError => {
  const known = FAILURES[reason];
  // A refusal that passes (payment unavailable) says when to try again; the order id names what was cancelled.
  const retryAfter = cause?.details?.retry_after_seconds;
  const fields = {
    ...(orderId === null ? {} : { order_id: orderId }),
    ...(retryAfter === undefined ? {} : { retry_after_seconds: retryAfter }),
  };
  const details = Object.keys(fields).length === 0 ? undefined : fields;
  if (known) return new AppError(known.kind, known.message, { reason, httpStatus: known.httpStatus, details, cause });
  return new AppError(cause?.kind ?? 'ABORTED', cause?.message ?? `the checkout was cancelled: ${reason}`, {
    reason,
    details,
    cause,
  });
};
