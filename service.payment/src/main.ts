import { createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { exitAtStep } from '@micro-ecommerce/pkg/tcc';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { createPaymentEventChecker } from './adapters/out/postgres/payment-event-checker.js';
import { createPaymentEventPublisher } from './adapters/out/rocketmq/payment-event-publisher.js';
import { SandboxPaymentProvider } from './adapters/out/sandbox/sandbox-payment-provider.js';
import { paymentConfigSchema } from './config.js';
import { startPaymentConsumers } from './start-consumers.js';
import { startPayment } from './start-payment.js';

// Composition root: the only place that reads configuration and builds clients.
const { config, source, overriddenKeys } = loadConfig(paymentConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('payment', config.log);
logger.info({ stage: source, overridden_keys: overriddenKeys }, 'configuration loaded');
const telemetry = initTelemetry({ serviceName: 'payment', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'payment' });

const pool = createPool(config.postgres, 'payment', logger);
const verifyToken = createTokenVerifier({
  keys: { jwksUrl: config.auth.jwks_url },
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});
// Only the sandbox exists so far; a real provider adapter would be chosen here from the config.
const provider = new SandboxPaymentProvider();
// Started before serving: a top-up's credit cannot commit without it, and check-backs need the checker listening.
const producer = new EventProducer({
  config: config.rocketmq,
  topics: [TOPICS.paymentEvents],
  checker: createPaymentEventChecker(pool),
  logger,
});
await producer.start();

const events = createPaymentEventPublisher(producer);
// Test only (crash-recovery tests): dies like a killed process at the named step of a TCC phase or a refund.
const crashAt = exitAtStep(config.services.payment.crash_at, logger);
const payment = await startPayment(config.services.payment, {
  logger,
  pool,
  provider,
  events,
  verifyToken,
  crashAt,
  metrics,
  limits: config,
});
const consumers = await startPaymentConsumers(config, { logger, pool, events, crashAt });

onShutdown(logger, [
  // First, so the event in hand finishes (and publishes its RefundIssued) while the producer and PostgreSQL are open.
  { name: 'event consumers', run: () => consumers.stop() },
  { name: 'http and grpc servers', run: () => payment.stop() },
  // After the servers and consumers: no top-up or refund can still be publishing.
  { name: 'rocketmq producer', run: () => producer.stop() },
  { name: 'postgres', run: () => pool.end() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
