import type { ServiceName } from '@micro-ecommerce/pkg/config';
import { CartServiceService } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import { CustomerServiceService } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { WalletServiceService } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { ProductServiceService, StockServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';

/** A ts-proto service definition: one entry per method, each with its gRPC path `/<package>.<Service>/<Method>`. */
export type GrpcDefinition = Record<string, { path: string }>;

interface GrpcService {
  definition: GrpcDefinition;
  /** The service whose gRPC port serves it. */
  server: ServiceName;
  /** The services whose code calls it (createGrpcClient in their main.ts). */
  callers: ServiceName[];
}

// The one table of who may call whom over gRPC; the AuthorizationPolicies are generated from it and
// cross-checks.test.ts compares it with every createGrpcClient in the services' code.
// - StockService and WalletService are the TCC participants: only the coordinator (order) may try, confirm or
//   cancel. CartService is read and trimmed by checkout only.
// - CustomerService has no caller yet, so it is allowed to nobody until a caller appears here.
// - The standard grpc.health.v1.Health service is allowed to nobody: the kubelet probes HTTP, not gRPC.
export const GRPC_SERVICES: GrpcService[] = [
  { definition: CustomerServiceService, server: 'customer', callers: [] },
  { definition: ProductServiceService, server: 'product', callers: ['cart', 'order'] },
  { definition: StockServiceService, server: 'product', callers: ['order'] },
  { definition: CartServiceService, server: 'cart', callers: ['order'] },
  { definition: WalletServiceService, server: 'payment', callers: ['order'] },
];

/** The gRPC paths of every method of a definition, sorted. */
export const methodPathsOf = (definition: GrpcDefinition): string[] =>
  Object.values(definition)
    .map((method) => method.path)
    .sort();
