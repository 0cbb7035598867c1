import type { Charge, PaymentProvider } from '../../src/app/ports.js';

/** A provider whose next answer the test sets; it records every charge it was asked for. */
export class FakePaymentProvider implements PaymentProvider {
  readonly calls: { paymentId: string; amountCents: number; cardToken: string }[] = [];
  /** What the next charge does: answer a reference, or throw this error. */
  next: { reference: string } | { error: unknown } = { reference: 'ref-1' };

  charge(request: { paymentId: string; amountCents: number; cardToken: string }): Promise<Charge> {
    this.calls.push(request);
    return 'error' in this.next ? Promise.reject(this.next.error) : Promise.resolve({ reference: this.next.reference });
  }
}
