import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { CheckoutCounter } from '../../../app/ports.js';

/** The checkouts counter on the process's meter: micro_ecommerce.checkouts{outcome}. */
export const createCheckoutCounter = (): CheckoutCounter => {
  const checkouts = getMeter().createCounter('micro_ecommerce.checkouts', {
    unit: '{checkout}',
    description:
      'Checkouts that ran their TCC global transaction, by outcome (paid, pending, out_of_stock, insufficient_funds, timeout, failed).',
  });
  return { count: (outcome) => checkouts.add(1, { outcome }) };
};
