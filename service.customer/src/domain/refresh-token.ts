import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isUuid } from '@micro-ecommerce/pkg/ids';

/**
 * A refresh token as the client holds it: "<id>.<secret>", the id naming the stored row and the secret 32 random
 * bytes (base64url), of which only a SHA-256 is stored — a copy of the table lets nobody refresh.
 */
export interface NewRefreshToken {
  id: string;
  /** What the client gets. */
  value: string;
  secretSha256: Buffer;
}

const sha256 = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Draws a new refresh token. */
export const newRefreshToken = (): NewRefreshToken => {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, value: `${id}.${secret}`, secretSha256: sha256(secret) };
};

/** The id and secret of a token the client sent, or null when it is not shaped like one. */
export const parseRefreshToken = (value: string): { id: string; secret: string } | null => {
  const [id, secret, ...rest] = value.split('.');
  if (rest.length > 0 || id === undefined || secret === undefined || !isUuid(id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return { id, secret };
};

/** Whether `secret` is the one whose hash was stored (constant time). */
export const secretMatches = (secret: string, storedSha256: Buffer): boolean => {
  const given = sha256(secret);
  return given.length === storedSha256.length && timingSafeEqual(given, storedSha256);
};

/** A stored refresh token, with the current token version of its account. */
export interface StoredRefreshToken {
  id: string;
  familyId: string;
  customerId: string;
  secretSha256: Buffer;
  /** The account's token version when this token was issued. */
  tokenVersion: number;
  /** The account's token version now. */
  accountTokenVersion: number;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What a refresh with `token` leads to. `rotate`: it is valid, is spent now and has a successor. `replayed`: it was
 * spent before, so two parties hold tokens of its family (one of them stole it): the whole family is revoked,
 * the legitimate holder included, who logs in again. `refused`: revoked (log-out, replay), expired, or issued
 * before the account's credentials changed.
 */
export const refreshDecision = (token: StoredRefreshToken, now: Date): 'rotate' | 'replayed' | 'refused' => {
  if (token.revokedAt !== null || token.expiresAt <= now || token.tokenVersion !== token.accountTokenVersion) return 'refused';
  if (token.usedAt !== null) return 'replayed';
  return 'rotate';
};
