import { Metadata, status, type CallOptions, type Client, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AppError } from '../errors/index.js';
import type { GetSkuStockRequest, GetSkuStockResponse, ProductServiceClient } from '../gen/product/v1/product.js';
import { callUnary } from './call-unary.js';
import type { RequestOf, ResponseOf, UnaryClientMethod, UnaryMethodName } from './client-types.js';

interface EchoClient extends Client {
  echo: UnaryClientMethod<{ text: string }, { text: string }>;
}

const serviceError = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });

// A client whose answers are scripted per attempt; it records the call options of each attempt.
const scriptedClient = (answers: (ServiceError | 'ok')[]) => {
  const attempts: Partial<CallOptions>[] = [];
  const client = {
    echo(
      request: { text: string },
      _metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (e: ServiceError | null, r?: unknown) => void,
    ) {
      const answer = answers[Math.min(attempts.length, answers.length - 1)];
      attempts.push(options);
      setImmediate(() => (answer === 'ok' ? callback(null, { text: request.text }) : callback(answer ?? null)));
    },
  } as unknown as EchoClient;
  return { client, attempts };
};

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e as AppError,
  );

describe('callUnary', () => {
  it('types requests and responses from the generated client', () => {
    expectTypeOf<UnaryMethodName<ProductServiceClient>>().toEqualTypeOf<'getSkuStock' | 'getSkuProperties'>();
    expectTypeOf<RequestOf<ProductServiceClient['getSkuStock']>>().toEqualTypeOf<GetSkuStockRequest>();
    expectTypeOf<ResponseOf<ProductServiceClient['getSkuStock']>>().toEqualTypeOf<GetSkuStockResponse>();
  });

  it('always sends a deadline', async () => {
    const { client, attempts } = scriptedClient(['ok']);
    const before = Date.now();
    expect(await callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 1_500 })).toEqual({ text: 'hi' });
    const deadline = attempts[0]?.deadline as Date;
    expect(deadline.getTime()).toBeGreaterThanOrEqual(before + 1_500);
    expect(deadline.getTime()).toBeLessThanOrEqual(Date.now() + 1_500);
  });

  it('rejects with the AppError of the gRPC status', async () => {
    const { client } = scriptedClient([serviceError(status.PERMISSION_DENIED, 'not yours')]);
    const error = await rejection(callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 1_000 }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'PERMISSION_DENIED', message: 'not yours' });
  });

  it('retries transient failures when asked, within one deadline', async () => {
    const { client, attempts } = scriptedClient([
      serviceError(status.UNAVAILABLE, 'connection refused'),
      serviceError(status.DEADLINE_EXCEEDED, 'downstream timed out'),
      'ok',
    ]);
    expect(await callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 2_000, retry: true })).toEqual({ text: 'hi' });
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => (a.deadline as Date).getTime())).size).toBe(1);
  });

  it('does not retry without retry: true', async () => {
    const { client, attempts } = scriptedClient([serviceError(status.UNAVAILABLE, 'down'), 'ok']);
    expect((await rejection(callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 1_000 }))).kind).toBe('UNAVAILABLE');
    expect(attempts).toHaveLength(1);
  });

  it('does not retry an error that another attempt would repeat', async () => {
    const { client, attempts } = scriptedClient([serviceError(status.NOT_FOUND, 'gone'), 'ok']);
    expect((await rejection(callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 1_000, retry: true }))).kind).toBe('NOT_FOUND');
    expect(attempts).toHaveLength(1);
  });

  it('gives up after three attempts with the last error', async () => {
    const { client, attempts } = scriptedClient([
      serviceError(status.UNAVAILABLE, 'one'),
      serviceError(status.UNAVAILABLE, 'two'),
      serviceError(status.RESOURCE_EXHAUSTED, 'three'),
      'ok',
    ]);
    const error = await rejection(callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 5_000, retry: true }));
    expect(error).toMatchObject({ kind: 'RESOURCE_EXHAUSTED', message: 'three' });
    expect(attempts).toHaveLength(3);
  });

  it('never waits past the deadline for a retry', async () => {
    const { client } = scriptedClient([serviceError(status.UNAVAILABLE, 'down')]);
    const started = Date.now();
    const error = await rejection(callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 60, retry: true }));
    expect(error.kind).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(150);
  });

  it('bounds each attempt by attemptTimeoutMs', async () => {
    const { client, attempts } = scriptedClient([serviceError(status.DEADLINE_EXCEEDED, 'slow'), 'ok']);
    const before = Date.now();
    await callUnary(client, 'echo', { text: 'hi' }, { deadlineMs: 5_000, retry: true, attemptTimeoutMs: 300 });
    expect((attempts[0]?.deadline as Date).getTime()).toBeLessThanOrEqual(before + 350);
  });
});
