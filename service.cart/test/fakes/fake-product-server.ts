import { ProductServiceService, type SkuProperties } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcServer, type GrpcServer } from '@micro-ecommerce/pkg/grpc';
import type { Logger } from '@micro-ecommerce/pkg/logger';

/** A SKU the fake product service knows. */
export interface FakeServedSku {
  title: string;
  variantName: string;
  priceCents: bigint;
  purchasable: boolean;
  available: number;
}

/**
 * product.v1.ProductService over real gRPC on a free loopback port, answering from memory and counting calls
 * per method, so that tests see exactly how often the cart asks.
 */
export class FakeProductServer {
  readonly skus = new Map<string, FakeServedSku>();
  readonly calls = { getSkuProperties: 0, getSkuStock: 0 };
  /** Milliseconds every answer waits, to play a hung product. */
  delayMs = 0;
  private server: GrpcServer | null = null;
  port = 0;

  /** Adds or replaces a SKU; unspecified facts get plain defaults. */
  put(skuId: string, sku: Partial<FakeServedSku> = {}): this {
    this.skus.set(skuId, { title: `Title ${skuId}`, variantName: 'Default', priceCents: 1000n, purchasable: true, available: 10, ...sku });
    return this;
  }

  resetCalls(): void {
    this.calls.getSkuProperties = 0;
    this.calls.getSkuStock = 0;
  }

  async start(logger: Logger): Promise<string> {
    const server = createGrpcServer({ logger, shutdownTimeoutMs: 200 });
    // Even a 0 ms timer costs about a millisecond, which would skew latency measurements.
    const wait = () => (this.delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.delayMs)) : Promise.resolve());
    server.addService(ProductServiceService, {
      getSkuProperties: async ({ skuIds }) => {
        this.calls.getSkuProperties += 1;
        await wait();
        const items: SkuProperties[] = [];
        for (const skuId of skuIds) {
          const sku = this.skus.get(skuId);
          if (sku === undefined) continue;
          items.push({ skuId, productId: `product-of-${skuId}`, currency: 'USD', imageUrl: '', attributes: {}, ...sku });
        }
        return { items, notFoundSkuIds: skuIds.filter((id) => !this.skus.has(id)) };
      },
      getSkuStock: async ({ skuIds }) => {
        this.calls.getSkuStock += 1;
        await wait();
        return {
          items: skuIds.filter((id) => this.skus.has(id)).map((skuId) => ({ skuId, available: this.skus.get(skuId)!.available })),
          notFoundSkuIds: skuIds.filter((id) => !this.skus.has(id)),
        };
      },
    });
    this.port = await server.listen({ host: '127.0.0.1', port: this.port });
    this.server = server;
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}
