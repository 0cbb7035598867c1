import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, httpStatusOf } from '../errors/index.js';
import { ProductServiceClient, ProductServiceService, type GetSkuStockResponse } from '../gen/product/v1/product.js';
import { createGrpcClient, createGrpcServer, HealthClient, type GrpcServer } from './index.js';

// The server's in-flight limit over a real loopback connection: the status, reason and details a shed call
// carries, and how the callers' own logic (callUnary, its retries) takes it.

const logger = pino({ level: 'silent' });
const grpcConfig = { default_deadline_ms: 2_000 };
const emptyStock: GetSkuStockResponse = { items: [], notFoundSkuIds: [] };

const servers: GrpcServer[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A product server that admits one call at a time; `getSkuStock` of 'held' runs until release(). */
const startLimitedServer = async () => {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const server = createGrpcServer({ logger, shutdownTimeoutMs: 500, bulkhead: { max_in_flight: 1, max_queued: 0, max_queue_wait_ms: 0 } });
  server.addService(ProductServiceService, {
    getSkuStock: async (request) => {
      if (request.skuIds[0] === 'held') {
        entered();
        await released;
      }
      if (request.skuIds[0] === 'boom') throw new Error('handler bug');
      return emptyStock;
    },
    getSkuProperties: async () => ({ items: [], notFoundSkuIds: [] }),
  });
  servers.push(server);
  const port = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createGrpcClient(ProductServiceClient, `127.0.0.1:${port}`, { grpc: grpcConfig });
  closers.push(() => client.close());
  return { port, client, inside, release };
};

describe('gRPC server in-flight limit', () => {
  it('sheds a call past the limit as UNAVAILABLE / OVERLOADED (HTTP 503) with retry_after_seconds; health checks still answer', async () => {
    const { port, client, inside, release } = await startLimitedServer();
    const held = client.call('getSkuStock', { skuIds: ['held'] });
    await inside;
    const shed = (await client.call('getSkuStock', { skuIds: ['other'] }).catch((e: unknown) => e)) as AppError;
    expect(shed).toBeInstanceOf(AppError);
    expect(shed).toMatchObject({ kind: 'UNAVAILABLE', reason: 'OVERLOADED', details: { retry_after_seconds: 1 } });
    expect(httpStatusOf(shed)).toBe(503);
    const health = createGrpcClient(HealthClient, `127.0.0.1:${port}`, { grpc: grpcConfig });
    closers.push(() => health.close());
    expect(await health.call('check', { service: '' })).toEqual({ status: 'SERVING' });
    release();
    expect(await held).toEqual(emptyStock);
  });

  it('lets an idempotent read that retries get through once the slot is free', async () => {
    const { client, inside, release } = await startLimitedServer();
    const held = client.call('getSkuStock', { skuIds: ['held'] });
    await inside;
    setTimeout(release, 30);
    expect(await client.call('getSkuStock', { skuIds: ['other'] }, { retry: true, deadlineMs: 2_000 })).toEqual(emptyStock);
    await held;
  });

  it('gives the slot back when a handler throws', async () => {
    const { client } = await startLimitedServer();
    expect(((await client.call('getSkuStock', { skuIds: ['boom'] }).catch((e: unknown) => e)) as AppError).kind).toBe('INTERNAL');
    expect(await client.call('getSkuStock', { skuIds: ['next'] })).toEqual(emptyStock);
  });
});
