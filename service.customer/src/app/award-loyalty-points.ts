import { pointsForPayment } from '../domain/loyalty-points.js';
import type { AwardOutcome, LoyaltyLedger } from './ports.js';

export interface AwardLoyaltyPointsCommand {
  /** The paid event's envelope id (`OrderPaid:<order_id>`): the same id never credits twice. */
  eventId: string;
  customerId: string;
  totalCents: number;
}

/** Credits the loyalty points an order payment earns, once per event. */
export const makeAwardLoyaltyPoints =
  (deps: { ledger: LoyaltyLedger }) =>
  async ({ eventId, customerId, totalCents }: AwardLoyaltyPointsCommand): Promise<{ outcome: AwardOutcome; points: number }> => {
    const points = pointsForPayment(totalCents);
    return { outcome: await deps.ledger.awardOnce(eventId, customerId, points), points };
  };

export type AwardLoyaltyPoints = ReturnType<typeof makeAwardLoyaltyPoints>;
