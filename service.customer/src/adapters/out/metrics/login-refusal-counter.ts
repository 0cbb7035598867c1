import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { LoginRefusalCounter } from '../../../app/ports.js';

/** The login rate-limit counter on the process's meter: micro_ecommerce.login.rate_limit.refusals{limit}. */
export const createLoginRefusalCounter = (): LoginRefusalCounter => {
  const refusals = getMeter().createCounter('micro_ecommerce.login.rate_limit.refusals', {
    unit: '{login}',
    description: 'Login attempts the rate limit refused (429), by the limit that refused: account_ip, ip or account_ip_and_ip.',
  });
  return { count: (limit) => refusals.add(1, { limit }) };
};
