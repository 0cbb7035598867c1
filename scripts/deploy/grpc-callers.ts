import type { ServiceName } from '@micro-ecommerce/pkg/config';
import { CartServiceService } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import { CustomerServiceService } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { WalletServiceService } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { ProductServiceService, StockServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';

/** A ts-proto service definition: one entry per method, each with its gRPC path `/<package>.<Service>/<Method>`. */
export type GrpcDefinition = Record<string, { path: string }>;

/** The methods (ts-proto's camelCase names, as `client.call('<method>', ...)` names them) each caller calls. */
type Calls<D extends GrpcDefinition> = Partial<Record<ServiceName, readonly (keyof D & string)[]>>;

interface GrpcService {
  definition: GrpcDefinition;
  /** The service whose gRPC port serves it. */
  server: ServiceName;
  calls: Calls<GrpcDefinition>;
}

// Typed per definition, so a method name that the service does not have fails to compile.
const grpcService = <D extends GrpcDefinition>(definition: D, server: ServiceName, calls: Calls<D>): GrpcService => ({
  definition,
  server,
  calls,
});

// The one table of who may call which gRPC method; the AuthorizationPolicies are generated from it and
// grpc.cross-checks.test.ts compares it with every `client.call('<method>', ...)` in the services' code, both ways.
// - StockService and WalletService are the TCC participants: only the coordinator (order) tries, confirms and
//   cancels. CartService is read by checkout only.
// - CustomerService has no caller yet, so it is allowed to nobody until a caller appears here.
// - The standard grpc.health.v1.Health service is allowed to nobody: the kubelet probes HTTP, not gRPC.
export const GRPC_SERVICES: GrpcService[] = [
  grpcService(CustomerServiceService, 'customer', {}),
  grpcService(ProductServiceService, 'product', { cart: ['getSkuProperties', 'getSkuStock'], order: ['getSkuProperties'] }),
  grpcService(StockServiceService, 'product', { order: ['tryReserve', 'confirmReserve', 'cancelReserve'] }),
  grpcService(CartServiceService, 'cart', { order: ['getCart'] }),
  grpcService(WalletServiceService, 'payment', { order: ['tryDebit', 'confirmDebit', 'cancelDebit'] }),
];

/** The gRPC paths of every method of a definition, sorted. */
export const methodPathsOf = (definition: GrpcDefinition): string[] =>
  Object.values(definition)
    .map((method) => method.path)
    .sort();

/** The gRPC paths of the named methods of a definition, sorted. */
export const pathsOfMethods = (definition: GrpcDefinition, methods: readonly string[]): string[] =>
  methods
    .map((method) => {
      if (!Object.hasOwn(definition, method)) throw new Error(`no gRPC method ${method}`);
      return definition[method]!.path;
    })
    .sort();

/** Each caller of a service and the method paths it calls, callers sorted; callers with no method left out. */
export const callersOf = (grpc: GrpcService): { caller: ServiceName; paths: string[] }[] =>
  Object.entries(grpc.calls)
    .filter(([, methods]) => methods !== undefined && methods.length > 0)
    .map(([caller, methods]) => ({ caller: caller as ServiceName, paths: pathsOfMethods(grpc.definition, methods!) }))
    .sort((a, b) => a.caller.localeCompare(b.caller));

/** Method paths of a definition that no caller of the table calls. */
export const uncalledPathsOf = (grpc: GrpcService): string[] => {
  const called = new Set(callersOf(grpc).flatMap(({ paths }) => paths));
  return methodPathsOf(grpc.definition).filter((path) => !called.has(path));
};
