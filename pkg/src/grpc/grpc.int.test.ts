import { status } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { GrpcMessageLimits } from '../config/index.js';
import { AppError, httpStatusOf } from '../errors/index.js';
import {
  ProductServiceClient,
  ProductServiceService,
  type GetSkuPropertiesResponse,
  type GetSkuStockResponse,
} from '../gen/product/v1/product.js';
import { createGrpcClient, createGrpcServer, HealthClient, type AsyncServiceImplementation, type GrpcServer } from './index.js';

// A real server and client over loopback on a free port: the wire format, status codes and trailers are the
// ones production uses, and no external infrastructure is needed.

const logger = pino({ level: 'silent' });
const grpcConfig = { default_deadline_ms: 2_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const emptyStock: GetSkuStockResponse = { items: [], notFoundSkuIds: [] };
const emptyProperties: GetSkuPropertiesResponse = { items: [], notFoundSkuIds: [] };

const servers: GrpcServer[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const startProductService = async (
  implementation: Partial<AsyncServiceImplementation<typeof ProductServiceService>>,
  port = 0,
  limits?: GrpcMessageLimits,
) => {
  const server = createGrpcServer({ logger, shutdownTimeoutMs: 500, limits });
  server.addService(ProductServiceService, {
    getSkuStock: async () => emptyStock,
    getSkuProperties: async () => emptyProperties,
    ...implementation,
  });
  servers.push(server);
  const listening = await server.listen({ host: '127.0.0.1', port });
  const client = createGrpcClient(ProductServiceClient, `127.0.0.1:${listening}`, { grpc: grpcConfig });
  closers.push(() => client.close());
  return { server, port: listening, client };
};

describe('gRPC server and client', () => {
  it('refuses a message past the server’s limit with RESOURCE_EXHAUSTED, before the handler runs', async () => {
    let handled = 0;
    const { client } = await startProductService(
      {
        getSkuStock: async () => {
          handled++;
          return emptyStock;
        },
      },
      0,
      { max_message_bytes: 1024 },
    );
    expect(await client.call('getSkuStock', { skuIds: ['a'.repeat(900)] })).toEqual(emptyStock);
    const tooLarge = await client.call('getSkuStock', { skuIds: ['a'.repeat(2048)] }).catch((e: unknown) => e);
    expect((tooLarge as AppError).kind).toBe('RESOURCE_EXHAUSTED');
    expect(handled).toBe(1);
  });

  it('rejects with DEADLINE_EXCEEDED (HTTP 504) when the server is slower than the deadline', async () => {
    let slowHandlerDone!: () => void;
    const slowHandlerFinished = new Promise<void>((resolve) => (slowHandlerDone = resolve));
    const { client } = await startProductService({
      getSkuStock: async (request) => {
        if (request.skuIds[0] === 'slow') {
          await sleep(300);
          slowHandlerDone();
        }
        return emptyStock;
      },
    });
    const started = Date.now();
    const error = await client.call('getSkuStock', { skuIds: ['slow'] }, { deadlineMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('DEADLINE_EXCEEDED');
    expect(httpStatusOf(error as AppError)).toBe(504);
    expect(Date.now() - started).toBeLessThan(290);

    // The late answer to a call past its deadline must not break the server.
    await slowHandlerFinished;
    await sleep(20);
    expect(await client.call('getSkuStock', { skuIds: ['fast'] })).toEqual(emptyStock);
  });

  it('carries an AppError thrown by a handler to the client with its kind, reason and details', async () => {
    const { client } = await startProductService({
      getSkuProperties: async (request) => {
        throw new AppError('NOT_FOUND', 'no such sku', { reason: 'SKU_NOT_FOUND', details: { sku_ids: request.skuIds } });
      },
    });
    const error = (await client.call('getSkuProperties', { skuIds: ['nope'] }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'NOT_FOUND', reason: 'SKU_NOT_FOUND', message: 'no such sku' });
    expect(error.details).toEqual({ sku_ids: ['nope'] });
  });

  it('answers INTERNAL "internal error" for an unexpected error, without leaking its message', async () => {
    const { client } = await startProductService({
      getSkuStock: async () => {
        throw new Error('connection to 10.0.0.7:5432 refused');
      },
    });
    const error = (await client.call('getSkuStock', { skuIds: ['s1'] }).catch((e: unknown) => e)) as AppError;
    expect(error.kind).toBe('INTERNAL');
    expect(error.message).toBe('internal error');
  });

  it('serves the standard health service, NOT_SERVING once draining', async () => {
    const { server, port } = await startProductService({});
    const health = createGrpcClient(HealthClient, `127.0.0.1:${port}`, { grpc: grpcConfig });
    closers.push(() => health.close());
    expect(await health.call('check', { service: '' })).toEqual({ status: 'SERVING' });
    expect(await health.call('check', { service: 'product.v1.ProductService' })).toEqual({ status: 'SERVING' });
    server.setServing(false);
    expect(await health.call('check', { service: '' })).toEqual({ status: 'NOT_SERVING' });
    expect(await health.call('check', { service: 'product.v1.ProductService' })).toEqual({ status: 'NOT_SERVING' });
    const unknown = (await health.call('check', { service: 'nope.v1.Nope' }).catch((e: unknown) => e)) as AppError;
    expect(unknown.kind).toBe('NOT_FOUND');
  });

  it('retries UNAVAILABLE for a retry:true call and not for a plain one', async () => {
    let calls = 0;
    const { client } = await startProductService({
      getSkuStock: async () => {
        calls += 1;
        if (calls % 3 !== 0) throw new AppError('UNAVAILABLE', 'warming up');
        return { items: [{ skuId: 's1', available: 7 }], notFoundSkuIds: [] };
      },
    });
    expect(await client.call('getSkuStock', { skuIds: ['s1'] }, { retry: true })).toEqual({
      items: [{ skuId: 's1', available: 7 }],
      notFoundSkuIds: [],
    });
    expect(calls).toBe(3);

    const error = (await client.call('getSkuStock', { skuIds: ['s1'] }).catch((e: unknown) => e)) as AppError;
    expect(error.kind).toBe('UNAVAILABLE');
    expect(calls).toBe(4);
  });

  it('waits for an unreachable server until the deadline, then reports DEADLINE_EXCEEDED', async () => {
    const { server, port } = await startProductService({});
    await server.close();
    const client = createGrpcClient(ProductServiceClient, `127.0.0.1:${port}`, { grpc: grpcConfig });
    closers.push(() => client.close());
    const started = Date.now();
    const error = (await client.call('getSkuStock', { skuIds: [] }, { deadlineMs: 300 }).catch((e: unknown) => e)) as AppError;
    expect(error.kind).toBe('DEADLINE_EXCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('rides out a restart: a call made while the server is down succeeds once it is back within the deadline', async () => {
    const first = await startProductService({});
    const client = createGrpcClient(ProductServiceClient, `127.0.0.1:${first.port}`, { grpc: grpcConfig });
    closers.push(() => client.close());
    await client.call('getSkuStock', { skuIds: [] });
    await first.server.close();
    const call = client.call('getSkuStock', { skuIds: [] }, { deadlineMs: 2500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await startProductService({}, first.port);
    await expect(call).resolves.toBeDefined();
  });

  it('round-trips an int64 price above 2^53 exactly', async () => {
    const price = 9_007_199_254_740_993n;
    const { client } = await startProductService({
      getSkuProperties: async (request) => ({
        items: request.skuIds.map((skuId) => ({
          skuId,
          productId: 'p1',
          title: 'Shoe',
          variantName: 'Blue / 42',
          priceCents: price,
          currency: 'USD',
          imageUrl: '',
          attributes: { color: 'blue' },
          purchasable: true,
          available: 3,
        })),
        notFoundSkuIds: [],
      }),
    });
    const response = await client.call('getSkuProperties', { skuIds: ['s1'] });
    expect(response.items[0]?.priceCents).toBe(price);
    expect(response.items[0]?.attributes).toEqual({ color: 'blue' });
  });

  it('sends an AppError kind as the standard gRPC status code on the wire', async () => {
    const { client } = await startProductService({
      getSkuStock: async () => {
        throw new AppError('RESOURCE_EXHAUSTED', 'slow down');
      },
    });
    const code = await new Promise<number | undefined>((resolve) =>
      client.raw.getSkuStock({ skuIds: [] }, (error) => resolve(error?.code)),
    );
    expect(code).toBe(status.RESOURCE_EXHAUSTED);
  });
});
