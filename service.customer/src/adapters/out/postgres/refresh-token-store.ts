import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import type { RefreshOutcome, RefreshTokenStore } from '../../../app/ports.js';
import { newRefreshToken, parseRefreshToken, refreshDecision, secretMatches } from '../../../domain/refresh-token.js';

interface TokenRow {
  id: string;
  family_id: string;
  customer_id: string;
  secret_sha256: Buffer;
  token_version: number;
  account_token_version: number;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

type Queryable = Pick<Pool, 'query'>;

const insertToken = async (db: Queryable, familyId: string, customerId: string, tokenVersion: number, expiresAt: Date) => {
  const token = newRefreshToken();
  await db.query(
    `INSERT INTO refresh_tokens (id, family_id, customer_id, secret_sha256, token_version, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [token.id, familyId, customerId, token.secretSha256, tokenVersion, expiresAt],
  );
  return token.value;
};

/** Refresh tokens in the customer database's `refresh_tokens` table. */
export class PostgresRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly pool: Pool) {}

  issue(customerId: string, tokenVersion: number, expiresAt: Date): Promise<string> {
    return insertToken(this.pool, randomUUID(), customerId, tokenVersion, expiresAt);
  }

  rotate(value: string, now: Date, expiresAt: Date): Promise<RefreshOutcome> {
    const parsed = parseRefreshToken(value);
    if (parsed === null) return Promise.resolve({ outcome: 'unknown' });
    return withTransaction(this.pool, async (client) => {
      // The row lock makes two refreshes with one token take turns: the second sees it spent (a replay).
      const { rows } = await client.query<TokenRow>(
        `SELECT t.id, t.family_id, t.customer_id, t.secret_sha256, t.token_version, c.token_version AS account_token_version,
                t.expires_at, t.used_at, t.revoked_at
           FROM refresh_tokens t JOIN customers c ON c.id = t.customer_id
          WHERE t.id = $1
          FOR UPDATE OF t`,
        [parsed.id],
      );
      const row = rows[0];
      if (row === undefined || !secretMatches(parsed.secret, row.secret_sha256)) return { outcome: 'unknown' };
      const decision = refreshDecision(
        {
          id: row.id,
          familyId: row.family_id,
          customerId: row.customer_id,
          secretSha256: row.secret_sha256,
          tokenVersion: row.token_version,
          accountTokenVersion: row.account_token_version,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
          revokedAt: row.revoked_at,
        },
        now,
      );
      if (decision === 'refused') return { outcome: 'refused' };
      if (decision === 'replayed') {
        await client.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [row.family_id, now]);
        return { outcome: 'replayed' };
      }
      await client.query('UPDATE refresh_tokens SET used_at = $2 WHERE id = $1', [row.id, now]);
      const refreshToken = await insertToken(client, row.family_id, row.customer_id, row.token_version, expiresAt);
      return { outcome: 'rotated', customerId: row.customer_id, tokenVersion: row.token_version, refreshToken };
    });
  }

  async revokeFamily(value: string): Promise<void> {
    const parsed = parseRefreshToken(value);
    if (parsed === null) return;
    const { rows } = await this.pool.query<{ family_id: string; secret_sha256: Buffer }>(
      'SELECT family_id, secret_sha256 FROM refresh_tokens WHERE id = $1',
      [parsed.id],
    );
    const row = rows[0];
    if (row === undefined || !secretMatches(parsed.secret, row.secret_sha256)) return;
    await this.pool.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [row.family_id]);
  }
}
