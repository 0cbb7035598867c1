import { asTargetUnavailable } from '@micro-ecommerce/pkg/grpc';

/**
 * Turns a failed call to `service` into a 503 the client can retry (reason `reason`, UNAVAILABLE unless given,
 * with `retry_after_seconds`); business errors pass through.
 */
export const asUnavailable =
  (service: string, reason = 'UNAVAILABLE') =>
  (error: unknown): never => {
    throw asTargetUnavailable(error, `the ${service} service is unavailable, try again shortly`, reason);
  };
