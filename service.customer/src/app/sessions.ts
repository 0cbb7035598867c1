import { AppError } from '@micro-ecommerce/pkg/errors';
import type { CustomerRepository, RefreshTokenStore, Session, TokenIssuer } from './ports.js';

export interface SessionDeps {
  repository: CustomerRepository;
  issueToken: TokenIssuer;
  refreshTokens: RefreshTokenStore;
  /** How long a refresh token stays usable if it is never spent (services.customer.jwt.refresh_ttl_seconds). */
  refreshTtlSeconds: number;
  now?: () => Date;
}

const invalidRefreshToken = (reason: 'INVALID_REFRESH_TOKEN' | 'REFRESH_TOKEN_REUSED') =>
  new AppError(
    'UNAUTHENTICATED',
    reason === 'REFRESH_TOKEN_REUSED'
      ? 'refresh token was already used: every session it belongs to is ended; log in again'
      : 'refresh token is invalid, expired or revoked; log in again',
    { reason },
  );

/**
 * Sessions: an access token plus a refresh token that renews it. A refresh spends its token and hands out a
 * successor (rotation); a spent token presented again ends its whole family (reuse detection), and a credential
 * change (token version) or a log-out ends every token issued before it.
 */
export const makeSessions = (deps: SessionDeps) => {
  const now = deps.now ?? (() => new Date());
  const refreshExpiry = () => new Date(now().getTime() + deps.refreshTtlSeconds * 1000);

  /** A new session (a new refresh-token family) for an account that just proved its password. */
  const start = async (account: { id: string; role: Parameters<TokenIssuer>[0]['role']; tokenVersion: number }): Promise<Session> => {
    const access = await deps.issueToken({ customerId: account.id, role: account.role, tokenVersion: account.tokenVersion });
    const refreshToken = await deps.refreshTokens.issue(account.id, account.tokenVersion, refreshExpiry());
    return { ...access, refreshToken, refreshExpiresIn: deps.refreshTtlSeconds };
  };

  /** Spends `refreshToken` for a new access token and its successor; 401 for anything but a live, unspent token. */
  const refresh = async (refreshToken: string): Promise<Session> => {
    const rotated = await deps.refreshTokens.rotate(refreshToken, now(), refreshExpiry());
    if (rotated.outcome === 'replayed') throw invalidRefreshToken('REFRESH_TOKEN_REUSED');
    if (rotated.outcome !== 'rotated') throw invalidRefreshToken('INVALID_REFRESH_TOKEN');
    // The role is read afresh: a role changed since the login shows in the next access token.
    const account = await deps.repository.findById(rotated.customerId);
    if (account === null) throw invalidRefreshToken('INVALID_REFRESH_TOKEN');
    const access = await deps.issueToken({ customerId: account.id, role: account.role, tokenVersion: rotated.tokenVersion });
    return { ...access, refreshToken: rotated.refreshToken, refreshExpiresIn: deps.refreshTtlSeconds };
  };

  /** Ends the session `refreshToken` belongs to; an unknown token changes nothing (and says nothing). */
  const logOut = (refreshToken: string): Promise<void> => deps.refreshTokens.revokeFamily(refreshToken);

  return { start, refresh, logOut };
};

export type Sessions = ReturnType<typeof makeSessions>;
