import { createTokenIssuer, createTokenVerifier, type SigningKey } from '@micro-ecommerce/pkg/auth';
import { CustomerServiceService } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { createGrpcServer } from '@micro-ecommerce/pkg/grpc';
import { serveService, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { customerGrpcService } from './adapters/in/grpc/server.js';
import { buildHttpApp } from './adapters/in/http/http-app.js';
import { Argon2PasswordHasher } from './adapters/out/argon2/argon2-password-hasher.js';
import { createLoginRefusalCounter } from './adapters/out/metrics/login-refusal-counter.js';
import { PostgresCustomerRepository } from './adapters/out/postgres/customer-repository.js';
import { PostgresNotificationInbox } from './adapters/out/postgres/notification-inbox.js';
import { PostgresRefreshTokenStore } from './adapters/out/postgres/refresh-token-store.js';
import { RedisRateLimiter } from './adapters/out/redis/redis-rate-limiter.js';
import { makeGetCustomer } from './app/get-customer.js';
import { makeLogIn } from './app/log-in.js';
import { makeSessions } from './app/sessions.js';
import { makeVerifyCurrentToken } from './app/verify-current-token.js';
import { makeNotificationUseCases } from './app/notifications.js';
import { makeSeedAccounts } from './app/seed-accounts.js';
import { makeSignUp } from './app/sign-up.js';
import { makeUpdateProfile } from './app/update-profile.js';
import type { CustomerConfig } from './config.js';

/** The clients and key the customer service needs, built (and later closed) by the caller: main.ts or a test. */
export interface CustomerDeps {
  logger: Logger;
  /** Pool of the `customer` database. */
  pool: Pool;
  redis: Redis;
  signingKey: SigningKey;
  /** The process's metrics (initMetrics), served at GET /metrics; main.ts always passes them. */
  metrics?: Metrics;
}

/** The running customer service (ports and a draining stop). */
export type RunningCustomer = RunningService;

/**
 * Wires adapters → use cases → HTTP and gRPC servers, seeds the configured admin and staff accounts, and starts listening
 * (port 0 picks a free port).
 */
export const startCustomer = async (config: CustomerConfig, deps: CustomerDeps): Promise<RunningCustomer> => {
  const section = config.services.customer;
  const { logger, pool, redis, signingKey } = deps;
  const claims = { issuer: config.auth.issuer, audience: config.auth.audience };
  const repository = new PostgresCustomerRepository(pool);
  const hasher = new Argon2PasswordHasher();

  const rateLimiter = new RedisRateLimiter(redis, logger);
  const limits = section.login_rate_limit;
  const sessions = makeSessions({
    repository,
    issueToken: createTokenIssuer({ key: signingKey, ttlSeconds: section.jwt.ttl_seconds, ...claims }),
    refreshTokens: new PostgresRefreshTokenStore(pool),
    refreshTtlSeconds: section.jwt.refresh_ttl_seconds,
  });
  const useCases = {
    signUp: makeSignUp({ repository, hasher }),
    logIn: makeLogIn({
      repository,
      hasher,
      rateLimiter,
      refusals: createLoginRefusalCounter(),
      sessions,
      limits: {
        windowSeconds: limits.window_seconds,
        maxPerIp: limits.max_per_ip,
        maxPerAccountAndIp: limits.max_per_account_and_ip,
        maxBackoffSeconds: limits.max_backoff_seconds,
      },
    }),
    sessions,
    getCustomer: makeGetCustomer({ repository }),
    updateProfile: makeUpdateProfile({
      repository,
      hasher,
      rateLimiter,
      reauthLimit: {
        limit: limits.max_per_account_and_ip,
        windowSeconds: limits.window_seconds,
        maxBackoffSeconds: limits.max_backoff_seconds,
      },
    }),
    ...makeNotificationUseCases({ inbox: new PostgresNotificationInbox(pool) }),
  };

  // Before serving: the first request may well be the admin's login.
  const seeded = await makeSeedAccounts({ repository, hasher })({ admins: section.admins, staff: section.staff });
  logger.info({ accounts: seeded }, 'admin and staff accounts seeded');

  let draining = false;
  const app = buildHttpApp({
    logger,
    readiness: { postgres: () => pool.query('select 1'), redis: () => redis.ping() },
    isDraining: () => draining,
    metrics: deps.metrics,
    bulkhead: section.bulkhead.http,
    maxBodyBytes: config.http_limits.body_bytes,
    useCases,
    // Its own tokens are verified against its own public key (no HTTP round trip to itself), and must be of the
    // account's current token version.
    verifyToken: makeVerifyCurrentToken(createTokenVerifier({ keys: { jwks: { keys: [signingKey.publicJwk] } }, ...claims }), repository),
    publicKeys: [signingKey.publicJwk],
    maxPageSize: section.max_page_size,
  });

  const grpc = createGrpcServer({ logger, bulkhead: section.bulkhead.grpc, limits: config.grpc });
  grpc.addService(CustomerServiceService, customerGrpcService(useCases));

  const running = await serveService({ app, grpc, listen: section, limits: config, onDrain: () => (draining = true) });
  logger.info({ http: running.httpPort, grpc: running.grpcPort, kid: signingKey.kid }, 'customer listening');
  return running;
};
