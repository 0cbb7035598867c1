/** Roles a token can carry; staff fulfil orders, admin may also manage the catalog and stock. */
export const ROLES = ['customer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  customerId: string;
  role: Role;
}
