import { AppError } from '@micro-ecommerce/pkg/errors';

// Kinds that mean "the other service could not answer", as opposed to an answer the caller can act on.
const TRANSPORT_FAILURES = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'CANCELLED', 'INTERNAL', 'UNKNOWN']);

/** Turns a failed read from `service` into a 503 the client can retry; business errors pass through. */
export const asUnavailable =
  (service: string) =>
  (error: unknown): never => {
    if (error instanceof AppError && TRANSPORT_FAILURES.has(error.kind))
      throw new AppError('UNAVAILABLE', `the ${service} service is unavailable, try again shortly`, { cause: error });
    throw error;
  };
