import type { PaymentEvents } from '../../src/app/ports.js';
import type { WalletCreditedEvent } from '../../src/domain/wallet-event.js';

/** PaymentEvents in memory: records the events whose local transaction committed, like a committed half message. */
export class FakePaymentEvents implements PaymentEvents {
  readonly published: WalletCreditedEvent[] = [];

  async publishWith<T>(event: WalletCreditedEvent, localTransaction: () => Promise<T>): Promise<T> {
    const result = await localTransaction();
    this.published.push(event);
    return result;
  }
}
