import { AppError } from '@micro-ecommerce/pkg/errors';

/** Cents a customer pays for one loyalty point. */
export const CENTS_PER_POINT = 100;

/** Loyalty points earned by paying `totalCents`: one per full 100 cents, so 1_999 cents earn 19. */
export const pointsForPayment = (totalCents: number): number => {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) {
    throw new AppError('INVALID_ARGUMENT', `total_cents must be a non-negative integer, got ${totalCents}`, {
      reason: 'INVALID_AMOUNT',
      details: { field: 'total_cents' },
    });
  }
  return Math.floor(totalCents / CENTS_PER_POINT);
};
