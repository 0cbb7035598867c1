import type { ServerUnaryCall } from '@grpc/grpc-js';

/**
 * A unary method of a generated service definition (ts-proto `outputServices=grpc-js` emits these `as const`,
 * so requestStream/responseStream are literal `false`).
 */
export interface UnaryMethodDefinition<Req, Res> {
  readonly path: string;
  readonly requestStream: false;
  readonly responseStream: false;
  readonly requestDeserialize: (bytes: Buffer) => Req;
  readonly responseSerialize: (value: Res) => Buffer;
}

/** A generated service definition (e.g. `ProductServiceService`) whose methods are all unary. */
export type UnaryServiceDefinition = Readonly<Record<string, UnaryMethodDefinition<any, any>>>;

/** Business logic for one unary RPC: resolve with the response, throw AppError for an expected failure. */
export type UnaryHandler<Req, Res> = (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>;

/** What a service implements for a definition: one async handler per method, typed from the definition. */
export type AsyncServiceImplementation<D extends UnaryServiceDefinition> = {
  [K in keyof D]: D[K] extends UnaryMethodDefinition<infer Req, infer Res> ? UnaryHandler<Req, Res> : never;
};
