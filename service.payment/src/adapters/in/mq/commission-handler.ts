import type { Logger } from '@micro-ecommerce/pkg/logger';
import { parseEventData, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { CreditCommission } from '../../../app/credit-commission.js';
import type { ReverseCommission } from '../../../app/reverse-commission.js';

const commissionData = z.object({ order_id: z.uuid(), referrer_id: z.uuid(), amount_cents: z.number().int().positive() });
const earnedData = commissionData.extend({ referred_customer_id: z.uuid() });

/**
 * CommissionEarned → the referrer's wallet is credited, once the order is recorded as shipped; CommissionReversed →
 * it is taken back (or a tombstone voids the earning still to come). Once per order; a redelivery resolves
 * 'duplicate'. A malformed event, or a commission its order does not justify, throws.
 */
export const commissionHandler =
  (useCases: { creditCommission: CreditCommission; reverseCommission: ReverseCommission }, logger: Logger): EventHandler =>
  async (event) => {
    const data = parseEventData(event, commissionData);
    const commission = { orderId: data.order_id, referrerId: data.referrer_id, amountCents: data.amount_cents };
    const log = logger.child({ event_id: event.id, order_id: data.order_id, referrer_id: data.referrer_id });
    if (event.type === 'CommissionEarned') {
      const { referred_customer_id: referredCustomerId } = parseEventData(event, earnedData);
      const outcome = await useCases.creditCommission(event.id, { ...commission, referredCustomerId });
      log.info({ outcome }, 'CommissionEarned processed');
      return outcome === 'DUPLICATE' ? 'duplicate' : undefined;
    }
    const reversal = await useCases.reverseCommission(event.id, commission);
    log.info(reversal, 'CommissionReversed processed');
    return reversal.outcome === 'DUPLICATE' ? 'duplicate' : undefined;
  };
