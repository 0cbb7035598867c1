import type { TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { CustomerRepository } from './ports.js';

/**
 * The customer service's own check of an access token: a good signature is not enough, the token must carry the
 * account's current token version, so a token issued before a change of email or password (or before a seeded
 * password was reset) no longer reaches the account, though it has not expired. A token without a version counts
 * as version 0. An unknown account passes: its routes answer CUSTOMER_NOT_FOUND.
 */
export const makeVerifyCurrentToken =
  (verify: TokenVerifier, repository: Pick<CustomerRepository, 'findById'>): TokenVerifier =>
  async (token) => {
    const principal = await verify(token);
    const account = await repository.findById(principal.customerId);
    if (account !== null && account.tokenVersion !== (principal.tokenVersion ?? 0))
      throw new AppError('UNAUTHENTICATED', 'access token was revoked by a change of email or password; log in again', {
        reason: 'TOKEN_REVOKED',
      });
    return principal;
  };
