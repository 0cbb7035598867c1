import type { ServiceName } from '@micro-ecommerce/pkg/config';

/** What sets one service's Deployment apart from the others. */
export interface ServiceProfile {
  /** The PostgreSQL database the service owns (migrated by the `migrate` init container); none for cart. */
  database?: string;
  /** Customer signs tokens: it needs the JWT key pair and the admin and staff accounts to upsert. */
  issuesTokens: boolean;
  /** Customer e-mails notifications: it reads the SMTP relay's settings, each optional, from a Secret. */
  sendsMail: boolean;
}

// Kept in step with each service's main.ts (createPool(config.postgres, '<database>')); cross-checks.test.ts
// compares them, so a service that starts using PostgreSQL cannot ship without its password and migrations.
export const SERVICE_PROFILES: Record<ServiceName, ServiceProfile> = {
  customer: { database: 'customer', issuesTokens: true, sendsMail: true },
  product: { database: 'product', issuesTokens: false, sendsMail: false },
  cart: { issuesTokens: false, sendsMail: false },
  order: { database: 'order', issuesTokens: false, sendsMail: false },
  payment: { database: 'payment', issuesTokens: false, sendsMail: false },
};
