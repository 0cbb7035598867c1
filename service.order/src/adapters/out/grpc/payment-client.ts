import type { WalletServiceClient } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import type { GrpcClient } from '@micro-ecommerce/pkg/grpc';
import type { WalletDebits } from '../../../app/ports.js';

/**
 * WalletDebits over payment.v1.WalletService. As for stock, only confirm and cancel retry: they are idempotent
 * per xid thanks to the payment service's barrier.
 */
export const createWalletDebits = (client: GrpcClient<WalletServiceClient>, options: { deadlineMs: number }): WalletDebits => ({
  async tryDebit(xid, customerId, amountCents) {
    await client.call('tryDebit', { xid, customerId, amountCents }, { deadlineMs: options.deadlineMs });
  },
  async confirm(xid) {
    await client.call('confirmDebit', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
  async cancel(xid) {
    await client.call('cancelDebit', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
});
