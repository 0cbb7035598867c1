import { randomUUID } from 'node:crypto';
import type { Charge, PaymentProvider } from '../../../app/ports.js';
import { cardDeclined, invalidCardToken } from '../../../domain/payment-errors.js';

const APPROVED = new Set(['tok_visa', 'tok_mastercard']);
const DECLINED = new Set(['tok_declined']);

/**
 * A stand-in for a real provider, with the test card tokens providers publish: tok_visa and tok_mastercard are
 * charged, tok_declined is declined, anything else is unknown. A repeated charge of the same payment answers
 * the first reference, as a provider honouring an idempotency key would.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly knownTokens: readonly string[] = [...APPROVED, ...DECLINED];
  private readonly charges = new Map<string, Charge>();

  charge(request: { paymentId: string; amountCents: number; cardToken: string }): Promise<Charge> {
    if (DECLINED.has(request.cardToken)) return Promise.reject(cardDeclined());
    if (!APPROVED.has(request.cardToken)) return Promise.reject(invalidCardToken());
    const charge = this.charges.get(request.paymentId) ?? { reference: `sbx_${randomUUID()}` };
    this.charges.set(request.paymentId, charge);
    return Promise.resolve(charge);
  }
}
