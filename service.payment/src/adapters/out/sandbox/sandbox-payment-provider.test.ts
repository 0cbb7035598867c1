import { describe, expect, it } from 'vitest';
import { SandboxPaymentProvider } from './sandbox-payment-provider.js';

describe('SandboxPaymentProvider', () => {
  it('charges tok_visa and tok_mastercard with a sandbox reference', async () => {
    const provider = new SandboxPaymentProvider();
    for (const cardToken of ['tok_visa', 'tok_mastercard']) {
      const { reference } = await provider.charge({ paymentId: crypto.randomUUID(), amountCents: 100, cardToken });
      expect(reference).toMatch(/^sbx_/);
    }
  });

  it('answers the first reference when the same payment is charged again', async () => {
    const provider = new SandboxPaymentProvider();
    const paymentId = crypto.randomUUID();
    const first = await provider.charge({ paymentId, amountCents: 100, cardToken: 'tok_visa' });
    expect(await provider.charge({ paymentId, amountCents: 100, cardToken: 'tok_visa' })).toEqual(first);
  });

  it('declines tok_declined and refuses unknown tokens', async () => {
    const provider = new SandboxPaymentProvider();
    await expect(provider.charge({ paymentId: 'p', amountCents: 1, cardToken: 'tok_declined' })).rejects.toMatchObject({
      reason: 'CARD_DECLINED',
      httpStatus: 402,
    });
    await expect(provider.charge({ paymentId: 'p', amountCents: 1, cardToken: '4242424242424242' })).rejects.toMatchObject({
      reason: 'INVALID_CARD_TOKEN',
      kind: 'INVALID_ARGUMENT',
    });
  });
});
