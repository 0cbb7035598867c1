import { Metadata, status, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/index.js';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue } from '../testing/index.js';
import { unaryHandler } from './unary-handler.js';

const metrics = initMetrics({ serviceName: 'grpc-test' });
afterAll(() => metrics.shutdown());

const fakeLogger = () => ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() });

const fakeCall = (request: { id: string }, cancelled = false) =>
  ({ request, cancelled, metadata: new Metadata(), getPath: () => '/test.v1.TestService/Get' }) as unknown as ServerUnaryCall<
    { id: string },
    { ok: boolean }
  >;

// Runs the wrapped handler and resolves with what it passed to the grpc-js callback.
const invoke = (handler: (request: { id: string }) => Promise<{ ok: boolean }>, logger = fakeLogger(), call = fakeCall({ id: 'a' })) =>
  new Promise<{ error: Partial<StatusObject> | null; response: unknown }>((resolve) =>
    unaryHandler(handler, logger as unknown as Logger)(call, (error, response) => resolve({ error, response })),
  );

describe('unaryHandler', () => {
  it('answers with the handler result', async () => {
    expect(await invoke(async (request) => ({ ok: request.id === 'a' }))).toEqual({ error: null, response: { ok: true } });
  });

  it('turns an AppError into its gRPC status with reason and details in the trailers', async () => {
    const { error } = await invoke(async () => {
      throw new AppError('FAILED_PRECONDITION', 'only 2 left', { reason: 'OUT_OF_STOCK', details: { available: 2 } });
    });
    expect(error).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'only 2 left' });
    expect(error?.metadata?.get('x-app-error-reason')).toEqual(['OUT_OF_STOCK']);
  });

  it('logs an unexpected error and answers a generic INTERNAL', async () => {
    const logger = fakeLogger();
    const { error } = await invoke(async () => {
      throw new Error('password=hunter2 rejected by db');
    }, logger);
    expect(error).toEqual({ code: status.INTERNAL, details: 'internal error' });
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('treats a synchronous throw like a rejection', async () => {
    const { error } = await invoke((() => {
      throw new TypeError('not async');
    }) as () => Promise<{ ok: boolean }>);
    expect(error?.code).toBe(status.INTERNAL);
  });

  it('does not run the handler of a call already cancelled', async () => {
    const handler = vi.fn(async () => ({ ok: true }));
    const callback = vi.fn();
    unaryHandler(handler, fakeLogger() as unknown as Logger)(fakeCall({ id: 'a' }, true), callback);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(handler).not.toHaveBeenCalled();
    expect(callback).not.toHaveBeenCalled();
  });

  it('drops the answer of a call cancelled while the handler ran', async () => {
    const call = fakeCall({ id: 'a' });
    const callback = vi.fn();
    const logger = fakeLogger();
    unaryHandler(
      async () => {
        (call as { cancelled: boolean }).cancelled = true;
        return { ok: true };
      },
      logger as unknown as Logger,
    )(call, callback);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(callback).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ method: '/test.v1.TestService/Get' }), expect.any(String));
  });

  it('survives a callback that throws (e.g. a response the serializer rejects)', async () => {
    const logger = fakeLogger();
    unaryHandler(async () => ({ ok: true }), logger as unknown as Logger)(fakeCall({ id: 'a' }), () => {
      throw new Error('value too large');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'grpc answer could not be sent');
  });

  it('records rpc.server.call.duration in seconds by fully-qualified method and the status the call ended with', async () => {
    const series = (code: string) => ({ rpc_system_name: 'grpc', rpc_method: 'test.v1.TestService/Get', rpc_status_code: code });
    const COUNT = 'rpc_server_call_duration_seconds_count';
    const before = await metrics.scrape();
    await invoke(async () => ({ ok: true }));
    await invoke(async () => {
      throw new AppError('NOT_FOUND', 'no such thing');
    });
    unaryHandler(async () => ({ ok: true }), fakeLogger() as unknown as Logger)(fakeCall({ id: 'a' }, true), vi.fn());
    const after = await metrics.scrape();
    for (const code of ['OK', 'NOT_FOUND', 'CANCELLED'])
      expect(sampleValue(after, COUNT, series(code)), code).toBe(sampleValue(before, COUNT, series(code)) + 1);
    expect(after).toContain('# TYPE rpc_server_call_duration_seconds histogram');
  });
});
