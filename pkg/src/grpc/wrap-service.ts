import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { InFlightLimit } from '../bulkhead/index.js';
import type { AsyncServiceImplementation, UnaryServiceDefinition } from './service-types.js';
import { unaryHandler } from './unary-handler.js';

/** Wraps every async handler of a service implementation with unaryHandler (under `limit`, if given), ready for server.addService. */
export const wrapService = <D extends UnaryServiceDefinition>(
  definition: D,
  implementation: AsyncServiceImplementation<D>,
  logger: Logger,
  limit?: InFlightLimit,
): UntypedServiceImplementation => {
  const wrapped: UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    const handler = implementation[name];
    // Checked here, not by grpc-js at the first call, so a missing method fails the service at start.
    if (typeof handler !== 'function') throw new Error(`gRPC implementation lacks method ${name} of ${serviceNameOf(definition)}`);
    wrapped[name] = unaryHandler(handler, logger, limit);
  }
  return wrapped;
};

/** The fully qualified service name ("product.v1.ProductService") of a generated definition, from a method path. */
export const serviceNameOf = (definition: UnaryServiceDefinition): string => {
  const first = Object.values(definition)[0];
  const match = first === undefined ? null : /^\/([^/]+)\//.exec(first.path);
  if (match?.[1] === undefined) throw new Error('gRPC service definition has no methods');
  return match[1];
};
