import type { CallOptions, ClientUnaryCall, Metadata, ServiceError } from '@grpc/grpc-js';

/**
 * The fullest overload of a unary method on a ts-proto grpc-js client. On an overloaded method TypeScript
 * matches and infers against the last overload, which ts-proto emits as exactly this one.
 */
export type UnaryClientMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** Names of the unary methods of a generated client, e.g. 'getSkuStock' | 'getSkuProperties'. */
export type UnaryMethodName<C> = {
  [K in keyof C]-?: C[K] extends UnaryClientMethod<any, any> ? K : never;
}[keyof C] &
  string;

/** The request type of a unary client method. */
export type RequestOf<M> = M extends UnaryClientMethod<infer Req, any> ? Req : never;

/** The response type of a unary client method. */
export type ResponseOf<M> = M extends UnaryClientMethod<any, infer Res> ? Res : never;
