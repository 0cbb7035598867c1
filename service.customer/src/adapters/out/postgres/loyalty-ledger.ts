import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { processOnce } from '@micro-ecommerce/pkg/rocketmq';
import type { AwardOutcome, LoyaltyLedger } from '../../../app/ports.js';
import { isCustomerId } from '../../../domain/customer.js';

/** Loyalty balances in `customers.loyalty_points`, deduplicated through `processed_messages` for one consumer group. */
export class PostgresLoyaltyLedger implements LoyaltyLedger {
  constructor(
    private readonly pool: Pool,
    private readonly consumerGroup: string,
  ) {}

  awardOnce(eventId: string, customerId: string, points: number): Promise<AwardOutcome> {
    return withTransaction(this.pool, async (client): Promise<AwardOutcome> => {
      if (!(await processOnce(client, this.consumerGroup, eventId))) return 'DUPLICATE';
      // A malformed id would make PostgreSQL fail with 22P02; it names no customer, like an unknown one.
      if (!isCustomerId(customerId)) return 'CUSTOMER_NOT_FOUND';
      const { rowCount } = await client.query('UPDATE customers SET loyalty_points = loyalty_points + $2 WHERE id = $1', [
        customerId,
        points,
      ]);
      // Still committed: the event is settled, and a redelivery could not find the customer either.
      return rowCount === 1 ? 'AWARDED' : 'CUSTOMER_NOT_FOUND';
    });
  }
}
