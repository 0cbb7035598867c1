import type { AwardOutcome, LoyaltyLedger } from '../../src/app/ports.js';

/** A LoyaltyLedger in memory with the same at-most-once rule as the PostgreSQL one. */
export class FakeLoyaltyLedger implements LoyaltyLedger {
  readonly balances = new Map<string, number>();
  readonly processed = new Set<string>();

  async awardOnce(eventId: string, customerId: string, points: number): Promise<AwardOutcome> {
    if (this.processed.has(eventId)) return 'DUPLICATE';
    this.processed.add(eventId);
    const balance = this.balances.get(customerId);
    if (balance === undefined) return 'CUSTOMER_NOT_FOUND';
    this.balances.set(customerId, balance + points);
    return 'AWARDED';
  }
}
