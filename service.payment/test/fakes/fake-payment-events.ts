import type { PaymentEvent, PaymentEvents } from '../../src/app/ports.js';

/** PaymentEvents in memory: records the events whose local transaction committed, like a committed half message. */
export class FakePaymentEvents implements PaymentEvents {
  readonly published: PaymentEvent[] = [];

  async publishWith<T>(event: PaymentEvent, localTransaction: () => Promise<T>): Promise<T> {
    const result = await localTransaction();
    this.published.push(event);
    return result;
  }
}
