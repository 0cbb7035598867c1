import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import { decideCommissionMessage } from '../../../domain/referral-commission.js';
import { readCommission } from './referral-commission-row.js';

/**
 * Answers the broker's check-backs for CommissionEarned / CommissionReversed from the order's referral_commissions
 * row, so a crash between the local commit and the message commit neither loses nor invents a commission.
 */
export const createCommissionEventChecker =
  (pool: Pool, now: () => Date = () => new Date()): TransactionChecker =>
  async (event) => {
    const orderId = (event.data as { order_id?: unknown } | null)?.order_id;
    if (typeof orderId !== 'string' || orderId === '') return 'ROLLBACK';
    const commission = await readCommission(pool, orderId);
    return decideCommissionMessage(event.type, commission?.state ?? null, event.occurred_at, now());
  };
