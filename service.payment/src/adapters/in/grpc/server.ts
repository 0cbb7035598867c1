import type { WalletServiceService } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { validationError } from '@micro-ecommerce/pkg/errors';
import type { AsyncServiceImplementation } from '@micro-ecommerce/pkg/grpc';
import { z } from 'zod';
import type { CancelDebit } from '../../../app/cancel-debit.js';
import type { ConfirmDebit } from '../../../app/confirm-debit.js';
import type { TryDebit } from '../../../app/try-debit.js';
import { isCustomerId } from '../../../domain/customer-id.js';

// Proto3 cannot tell an absent string from an empty one, so empty means missing.
const xid = z.string().min(1, 'required').max(128);

const tryDebitRequest = z.object({
  xid,
  customerId: z.string().refine(isCustomerId, 'must be a UUID'),
  // int64 on the wire; beyond 2^53 it could not be exact as a number, and no wallet holds that much.
  amountCents: z
    .bigint()
    .positive('must be positive')
    .max(BigInt(Number.MAX_SAFE_INTEGER), 'too large')
    .transform((value) => Number(value)),
});

const xidRequest = z.object({ xid });

const parse = <S extends z.ZodType>(schema: S, request: unknown): z.output<S> => {
  const result = schema.safeParse(request);
  if (!result.success) throw validationError(result.error, 'request');
  return result.data;
};

/** payment.v1.WalletService: the payment branch of checkout's TCC; no business logic here. */
export const walletGrpcService = (useCases: {
  tryDebit: TryDebit;
  confirmDebit: ConfirmDebit;
  cancelDebit: CancelDebit;
}): AsyncServiceImplementation<typeof WalletServiceService> => ({
  tryDebit: (request) => useCases.tryDebit(parse(tryDebitRequest, request)),
  confirmDebit: (request) => useCases.confirmDebit(parse(xidRequest, request).xid),
  cancelDebit: (request) => useCases.cancelDebit(parse(xidRequest, request).xid),
});
