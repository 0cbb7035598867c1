import { randomUUID } from 'node:crypto';
import type { CustomerRepository, RefreshOutcome, RefreshTokenStore } from '../../src/app/ports.js';
import {
  newRefreshToken,
  parseRefreshToken,
  refreshDecision,
  secretMatches,
  type StoredRefreshToken,
} from '../../src/domain/refresh-token.js';

/** In-memory RefreshTokenStore with the table's rules (refreshDecision), reading token versions from `accounts`. */
export class FakeRefreshTokenStore implements RefreshTokenStore {
  readonly tokens = new Map<string, Omit<StoredRefreshToken, 'accountTokenVersion'>>();

  constructor(private readonly accounts: Pick<CustomerRepository, 'findById'>) {}

  async issue(customerId: string, tokenVersion: number, expiresAt: Date, familyId: string = randomUUID()): Promise<string> {
    const token = newRefreshToken();
    this.tokens.set(token.id, {
      id: token.id,
      familyId,
      customerId,
      secretSha256: token.secretSha256,
      tokenVersion,
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    return token.value;
  }

  private find(value: string) {
    const parsed = parseRefreshToken(value);
    const stored = parsed === null ? undefined : this.tokens.get(parsed.id);
    return stored !== undefined && secretMatches(parsed!.secret, stored.secretSha256) ? stored : undefined;
  }

  async rotate(value: string, now: Date, expiresAt: Date): Promise<RefreshOutcome> {
    const stored = this.find(value);
    if (stored === undefined) return { outcome: 'unknown' };
    const account = await this.accounts.findById(stored.customerId);
    const decision = refreshDecision({ ...stored, accountTokenVersion: account?.tokenVersion ?? -1 }, now);
    if (decision === 'refused') return { outcome: 'refused' };
    if (decision === 'replayed') {
      this.revoke(stored.familyId, now);
      return { outcome: 'replayed' };
    }
    stored.usedAt = now;
    const refreshToken = await this.issue(stored.customerId, stored.tokenVersion, expiresAt, stored.familyId);
    return { outcome: 'rotated', customerId: stored.customerId, tokenVersion: stored.tokenVersion, refreshToken };
  }

  async revokeFamily(value: string): Promise<void> {
    const stored = this.find(value);
    if (stored !== undefined) this.revoke(stored.familyId, new Date());
  }

  private revoke(familyId: string, at: Date): void {
    for (const token of this.tokens.values()) if (token.familyId === familyId && token.revokedAt === null) token.revokedAt = at;
  }
}
