/** Roles a token can carry; staff fulfil orders, admin may also manage the catalog and stock. */
export const ROLES = ['customer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  customerId: string;
  role: Role;
  /**
   * The account's token version when the token was issued (claim `ver`): the customer service, which holds the
   * current one, refuses a token issued before a credential change. Absent in tokens that carry none.
   */
  tokenVersion?: number;
}

/** A principal as a verified token proves it, until that token's `exp`. */
export interface VerifiedPrincipal extends Principal {
  /** When the token expires (ms since the epoch): whatever the caller holds open on it (a live stream) ends then. */
  expiresAt: number;
}
