import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { processOnce } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type {
  CommissionOutcome,
  CommissionRequest,
  EarnedCommissionRequest,
  RefundOutcome,
  ReversalOutcome,
  WalletEventLedger,
} from '../../../app/ports.js';
import type { ShippedOrder } from '../../../domain/commission-guard.js';
import type { Payment } from '../../../domain/payment.js';
import { creditCommission, recordShipped, reverseCommission } from './commission-ledger.js';
import { refundDebit } from './refund-ledger.js';
import { toPayment, PAYMENT_COLUMNS, type PaymentRow } from './rows.js';

const noCrash: CrashHook = () => {};

/**
 * WalletEventLedger on the `payment` database, deduplicated through `processed_messages` for one consumer group:
 * each event's processed row and its effect share one local transaction. `crashAt` is the test-only hook of
 * services.payment.crash_at, called at `refund:before-commit` and `refund:after-commit` of an applied refund.
 */
export class PgWalletEventLedger implements WalletEventLedger {
  constructor(
    private readonly pool: Pool,
    private readonly consumerGroup: string,
    private readonly crashAt: CrashHook = noCrash,
  ) {}

  async findDebit(xid: string): Promise<Payment | null> {
    const { rows } = await this.pool.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE xid = $1 AND kind = 'DEBIT'`, [xid]);
    return rows[0] === undefined ? null : toPayment(rows[0]);
  }

  acknowledgeOnce(eventId: string): Promise<boolean> {
    return withTransaction(this.pool, (client) => processOnce(client, this.consumerGroup, eventId));
  }

  async refundOnce(eventId: string, request: { orderId: string; xid: string }): Promise<RefundOutcome> {
    const refund = await this.once(eventId, async (client) => {
      const payment = await refundDebit(client, request);
      if (payment !== null) this.crashAt('refund:before-commit');
      return payment;
    });
    if (refund === null) return { outcome: 'DUPLICATE' };
    this.crashAt('refund:after-commit');
    return { outcome: 'REFUNDED', refund };
  }

  async recordShippedOnce(eventId: string, order: ShippedOrder): Promise<boolean> {
    return (await this.once(eventId, async (client) => (await recordShipped(client, order), true))) ?? false;
  }

  async creditCommissionOnce(eventId: string, commission: EarnedCommissionRequest): Promise<CommissionOutcome> {
    return (await this.once(eventId, (client) => creditCommission(client, commission))) ?? 'DUPLICATE';
  }

  async reverseCommissionOnce(eventId: string, commission: CommissionRequest): Promise<ReversalOutcome> {
    return (await this.once(eventId, (client) => reverseCommission(client, commission))) ?? { outcome: 'DUPLICATE' };
  }

  // The processed-message row and the effect commit together, or neither does (a throw rolls both back and the
  // broker redelivers). null: the event had been processed before, nothing ran.
  private once<T>(eventId: string, effect: (client: PoolClient) => Promise<T>): Promise<T | null> {
    return withTransaction(this.pool, async (client) => ((await processOnce(client, this.consumerGroup, eventId)) ? effect(client) : null));
  }
}
