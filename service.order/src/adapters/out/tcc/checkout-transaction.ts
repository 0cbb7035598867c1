import type { TccCoordinator } from '@micro-ecommerce/pkg/tcc';
import type { CheckoutTransaction } from '../../../app/ports.js';
import { checkoutBranches } from './checkout-branches.js';

/** CheckoutTransaction over the TCC coordinator: the order's xid is the global transaction's id. */
export const createCheckoutTransaction = (coordinator: TccCoordinator, options: { timeoutMs: number }): CheckoutTransaction => ({
  async run(order) {
    const result = await coordinator.run({ xid: order.xid, branches: checkoutBranches(order), timeoutMs: options.timeoutMs });
    return 'reason' in result
      ? { state: result.state, reason: result.reason, error: result.error }
      : { state: result.state, paid: result.state === 'CONFIRMED' || result.localConfirmed };
  },
});
