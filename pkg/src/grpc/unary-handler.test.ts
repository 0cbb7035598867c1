import { Metadata, status, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createInFlightLimit } from '../bulkhead/index.js';
import { AppError } from '../errors/index.js';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue } from '../testing/index.js';
import { unaryHandler } from './unary-handler.js';

const metrics = initMetrics({ serviceName: 'grpc-test' });
afterAll(() => metrics.shutdown());

const fakeLogger = () => ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() });

// grpc-js calls are EventEmitters: 'cancelled' fires on the client's cancel or a passed deadline.
const fakeCall = (request: { id: string }, cancelled = false) =>
  Object.assign(new EventEmitter(), {
    request,
    cancelled,
    metadata: new Metadata(),
    getPath: () => '/test.v1.TestService/Get',
  }) as unknown as ServerUnaryCall<{ id: string }, { ok: boolean }>;

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
  describe("under the server's in-flight limit", () => {
    const held = () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      return { release, handler: vi.fn(async () => (await released, { ok: true })) };
    };
    const call = (
      handler: (request: { id: string }) => Promise<{ ok: boolean }>,
      limit: ReturnType<typeof createInFlightLimit>,
      c = fakeCall({ id: 'a' }),
    ) =>
      new Promise<{ error: Partial<StatusObject> | null; response: unknown }>((resolve) =>
        unaryHandler(handler, fakeLogger() as unknown as Logger, limit)(c, (error, response) => resolve({ error, response })),
      );

    it('answers UNAVAILABLE, reason OVERLOADED with retry_after_seconds, without running the handler, past the limit', async () => {
      const limit = createInFlightLimit('grpc', { max_in_flight: 1, max_queued: 0, max_queue_wait_ms: 0 });
      const first = held();
      const running = call(first.handler, limit);
      const second = vi.fn(async () => ({ ok: true }));
      const { error } = await call(second, limit);
      expect(error?.code).toBe(status.UNAVAILABLE);
      expect(error?.metadata?.get('x-app-error-reason')).toEqual(['OVERLOADED']);
      expect(JSON.parse(String(error?.metadata?.get('x-app-error-details')[0]))).toEqual({ retry_after_seconds: 1 });
      expect(second).not.toHaveBeenCalled();
      first.release();
      expect(await running).toEqual({ error: null, response: { ok: true } });
      expect(await call(second, limit)).toEqual({ error: null, response: { ok: true } });
    });

    it('gives the slot back when the handler throws', async () => {
      const limit = createInFlightLimit('grpc', { max_in_flight: 1, max_queued: 0, max_queue_wait_ms: 0 });
      const failed = await call(async () => {
        throw new Error('db down');
      }, limit);
      expect(failed.error?.code).toBe(status.INTERNAL);
      expect(limit.inFlight).toBe(0);
      expect((await call(async () => ({ ok: true }), limit)).error).toBeNull();
    });

    it('drops a queued call whose client cancelled, without running its handler', async () => {
      const limit = createInFlightLimit('grpc', { max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 5000 });
      const first = held();
      const running = call(first.handler, limit);
      const waiting = fakeCall({ id: 'b' });
      const handler = vi.fn(async () => ({ ok: true }));
      const callback = vi.fn();
      unaryHandler(handler, fakeLogger() as unknown as Logger, limit)(waiting, callback);
      expect(limit.waiting).toBe(1);
      (waiting as { cancelled: boolean }).cancelled = true;
      waiting.emit('cancelled', 'cancelled');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(limit.waiting).toBe(0);
      first.release();
      await running;
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(handler).not.toHaveBeenCalled();
      expect(callback).not.toHaveBeenCalled();
    });
  });
});
