import type { ServiceName } from '@micro-ecommerce/pkg/config';

/** What sets one service's Deployment apart from the others, and which data stores it may reach. */
export interface ServiceProfile {
  /** The PostgreSQL database the service owns (migrated by the `migrate` init container); none for cart. */
  database?: string;
  /** Keeps state in Redis (createRedis in its code). */
  redis: boolean;
  /** Reads and writes the MongoDB catalog (createMongo in its code). */
  mongodb: boolean;
  /** Publishes events through the RocketMQ proxy (new EventProducer in its code). */
  publishes: boolean;
  /** Consumes events through the RocketMQ proxy (new EventConsumer in its code). */
  consumes: boolean;
  /** Customer signs tokens: it needs the JWT key pair and the admin and staff accounts to upsert. */
  issuesTokens: boolean;
  /** Customer e-mails notifications: it reads the SMTP relay's settings, each optional, from a Secret. */
  sendsMail: boolean;
}

// Kept in step with each service's code (createPool(config.postgres, '<database>'), createRedis, createMongo,
// new EventProducer/EventConsumer); data-store-access.test.ts compares them, so a service that starts using a store
// cannot ship without its credentials and the mesh policy that lets it connect, nor keep access it dropped.
export const SERVICE_PROFILES: Record<ServiceName, ServiceProfile> = {
  customer: { database: 'customer', redis: true, mongodb: false, publishes: true, consumes: true, issuesTokens: true, sendsMail: true },
  product: { database: 'product', redis: false, mongodb: true, publishes: true, consumes: true, issuesTokens: false, sendsMail: false },
  cart: { redis: true, mongodb: false, publishes: false, consumes: true, issuesTokens: false, sendsMail: false },
  order: { database: 'order', redis: true, mongodb: false, publishes: true, consumes: true, issuesTokens: false, sendsMail: false },
  payment: { database: 'payment', redis: false, mongodb: false, publishes: true, consumes: true, issuesTokens: false, sendsMail: false },
};
