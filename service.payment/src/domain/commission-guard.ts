import { AppError } from '@micro-ecommerce/pkg/errors';

/** An order as OrderShipped told this service: its buyer and total. */
export interface ShippedOrder {
  orderId: string;
  customerId: string;
  totalCents: number;
}

/** What a CommissionEarned claims. */
export interface ClaimedCommission {
  orderId: string;
  referrerId: string;
  referredCustomerId: string;
  amountCents: number;
}

/**
 * Refuses a commission the order does not justify, so no event, however it came to be published, credits money
 * for an order that can still be refunded. Not shipped (yet): FAILED_PRECONDITION ORDER_NOT_SHIPPED, retried by
 * the broker, since the order's OrderShipped may simply be consumed later. A buyer other than the referred
 * customer, a referrer who is the buyer, or more than the order's total: INVALID_ARGUMENT COMMISSION_REFUSED,
 * which no retry changes (dead-lettered after the group's attempts).
 */
export const checkCommission = (shipped: ShippedOrder | null, claim: ClaimedCommission): void => {
  if (shipped === null)
    throw new AppError('FAILED_PRECONDITION', `order ${claim.orderId} has not shipped (yet): no commission is credited before`, {
      reason: 'ORDER_NOT_SHIPPED',
      details: { order_id: claim.orderId },
    });
  const problem =
    shipped.customerId !== claim.referredCustomerId
      ? 'the order was bought by another customer'
      : claim.referrerId === shipped.customerId
        ? 'the referrer is the buyer'
        : claim.amountCents > shipped.totalCents
          ? 'the commission exceeds the order total'
          : null;
  if (problem !== null)
    throw new AppError('INVALID_ARGUMENT', `commission of order ${claim.orderId} refused: ${problem}`, {
      reason: 'COMMISSION_REFUSED',
      details: { order_id: claim.orderId, problem },
    });
};
