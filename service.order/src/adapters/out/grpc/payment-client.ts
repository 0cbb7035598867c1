import type { WalletServiceClient } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import type { GrpcClient } from '@micro-ecommerce/pkg/grpc';
import type { WalletDebits } from '../../../app/ports.js';
import { asUnavailable } from './unavailable.js';

/** Why a checkout is refused while payment cannot take its try: nothing was charged, pay again shortly. */
export const PAYMENT_UNAVAILABLE = 'PAYMENT_UNAVAILABLE';

/**
 * WalletDebits over payment.v1.WalletService. As for stock, only confirm and cancel retry: they are idempotent
 * per xid thanks to the payment service's barrier. A try payment could not take (down, slow, shedding load, or
 * its circuit open) cancels the checkout as PAYMENT_UNAVAILABLE: 503 with Retry-After.
 */
export const createWalletDebits = (client: GrpcClient<WalletServiceClient>, options: { deadlineMs: number }): WalletDebits => ({
  ensureReachable() {
    if (client.circuit?.failsFast()) asUnavailable('payment', PAYMENT_UNAVAILABLE)(client.circuit.openError());
  },
  async tryDebit(xid, customerId, amountCents) {
    await client
      .call('tryDebit', { xid, customerId, amountCents }, { deadlineMs: options.deadlineMs })
      .catch(asUnavailable('payment', PAYMENT_UNAVAILABLE));
  },
  async confirm(xid) {
    await client.call('confirmDebit', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
  async cancel(xid) {
    await client.call('cancelDebit', { xid }, { deadlineMs: options.deadlineMs, retry: true });
  },
});
