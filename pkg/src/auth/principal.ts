/** Roles a token can carry; admin may manage the catalog and stock. */
export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  customerId: string;
  role: Role;
}
