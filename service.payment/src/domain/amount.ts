import { AppError } from '@micro-ecommerce/pkg/errors';

/**
 * Checks that `amountCents` is a positive whole number of cents no larger than `maxCents`; INVALID_ARGUMENT
 * naming `field` otherwise. Money is integer minor units, so a fraction is refused rather than rounded.
 */
export const assertAmountCents = (amountCents: number, maxCents: number, field = 'amount_cents'): void => {
  let problem: string | null = null;
  if (!Number.isSafeInteger(amountCents)) problem = 'must be a whole number of cents';
  else if (amountCents <= 0) problem = 'must be positive';
  else if (amountCents > maxCents) problem = `must be at most ${maxCents}`;
  if (problem !== null) {
    throw new AppError('INVALID_ARGUMENT', `${field} ${problem}`, { details: { fields: [{ field, message: problem }] } });
  }
};
