export { createGrpcServer, DEFAULT_SERVER_OPTIONS, type GrpcServer, type GrpcServerOptions } from './create-grpc-server.js';
export { unaryHandler } from './unary-handler.js';
export { wrapService, serviceNameOf } from './wrap-service.js';
export type { AsyncServiceImplementation, UnaryHandler, UnaryMethodDefinition, UnaryServiceDefinition } from './service-types.js';
export {
  createGrpcClient,
  DEFAULT_CLIENT_OPTIONS,
  type GrpcClient,
  type GrpcClientConstructor,
  type GrpcClientOptions,
  type GrpcConfig,
} from './create-grpc-client.js';
export { callUnary, type CallUnaryOptions } from './call-unary.js';
export { withDeadlineRetry, RETRYABLE_KINDS, type DeadlineRetryOptions } from './deadline-retry.js';
export type { RequestOf, ResponseOf, UnaryClientMethod, UnaryMethodName } from './client-types.js';
export { HealthClient, type HealthStatus } from './health-client.js';
export { TargetCircuit, CIRCUIT_OPEN, isCircuitOpen, type CircuitBreakerSettings, type CircuitStateName } from './circuit-breaker.js';
export { asTargetUnavailable } from './target-unavailable.js';
