import type { CommissionEvents } from '../../src/app/ports.js';
import type { CustomerEvent } from '../../src/domain/referral-commission.js';

/**
 * CommissionEvents that keeps what would have been published: an event counts as published when its local
 * transaction committed (resolved), as the transactional producer commits the half message then.
 */
export class RecordingCommissionEvents implements CommissionEvents {
  readonly published: CustomerEvent[] = [];
  readonly failed: CustomerEvent[] = [];

  async publishWith<T>(event: CustomerEvent, localTransaction: () => Promise<T>): Promise<T> {
    try {
      const result = await localTransaction();
      this.published.push(event);
      return result;
    } catch (error) {
      this.failed.push(event);
      throw error;
    }
  }
}
