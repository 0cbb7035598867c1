import { makeClientConstructor, type Client, type ServiceDefinition } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import type { UnaryClientMethod } from './client-types.js';
import type { GrpcClientConstructor } from './create-grpc-client.js';

/** grpc.health.v1 status names, as grpc-health-check's proto-loader definition decodes them. */
export type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** A client of the standard health service; `service: ''` asks about the whole server. */
export interface HealthClient extends Client {
  check: UnaryClientMethod<{ service: string }, { status: HealthStatus }>;
}

/** Constructor for HealthClient, for createGrpcClient(HealthClient, address, options). */
export const HealthClient = makeClientConstructor(
  healthService as unknown as ServiceDefinition,
  'grpc.health.v1.Health',
) as unknown as GrpcClientConstructor<HealthClient>;
