import type { ServiceName } from '@micro-ecommerce/pkg/config';

/** What sets one service's Deployment apart from the others. */
export interface ServiceProfile {
  /** The PostgreSQL database the service owns (migrated by the `migrate` init container); none for cart. */
  database?: string;
  /** Customer signs tokens: it needs the JWT key pair and the admin accounts to upsert. */
  issuesTokens: boolean;
}

// Kept in step with each service's main.ts (createPool(config.postgres, '<database>')); cross-checks.test.ts
// compares them, so a service that starts using PostgreSQL cannot ship without its password and migrations.
export const SERVICE_PROFILES: Record<ServiceName, ServiceProfile> = {
  customer: { database: 'customer', issuesTokens: true },
  product: { database: 'product', issuesTokens: false },
  cart: { issuesTokens: false },
  order: { database: 'order', issuesTokens: false },
  payment: { database: 'payment', issuesTokens: false },
};
