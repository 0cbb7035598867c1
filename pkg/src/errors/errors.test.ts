import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errorEnvelope, fromGrpcError, httpStatusOf, toGrpcStatus, validationError } from './index.js';

describe('AppError mapping', () => {
  it('maps kinds to their standard HTTP status unless overridden', () => {
    expect(httpStatusOf(new AppError('NOT_FOUND', 'x'))).toBe(404);
    expect(httpStatusOf(new AppError('UNAUTHENTICATED', 'x'))).toBe(401);
    expect(httpStatusOf(new AppError('DEADLINE_EXCEEDED', 'x'))).toBe(504);
    expect(httpStatusOf(new AppError('FAILED_PRECONDITION', 'x', { httpStatus: 402 }))).toBe(402);
  });

  it('builds the public envelope with the business reason as code', () => {
    const error = new AppError('FAILED_PRECONDITION', 'only 2 left', { reason: 'OUT_OF_STOCK', details: { sku_id: 's1' } });
    expect(errorEnvelope(error, 'req-1')).toEqual({
      error: { code: 'OUT_OF_STOCK', message: 'only 2 left', details: { sku_id: 's1' } },
      request_id: 'req-1',
    });
  });

  it('survives a round trip through gRPC status and metadata', () => {
    const original = new AppError('FAILED_PRECONDITION', 'no money', {
      reason: 'INSUFFICIENT_FUNDS',
      details: { missing_cents: 120 },
      httpStatus: 402,
    });
    const wire = toGrpcStatus(original);
    expect(wire.code).toBe(status.FAILED_PRECONDITION);
    const rebuilt = fromGrpcError(Object.assign(new Error('x'), { code: wire.code!, details: wire.details!, metadata: wire.metadata! }));
    expect(rebuilt).toMatchObject({ kind: 'FAILED_PRECONDITION', reason: 'INSUFFICIENT_FUNDS', message: 'no money', httpStatus: 402 });
    expect(rebuilt.details).toEqual({ missing_cents: 120 });
  });

  it('treats an unknown gRPC code as UNKNOWN', () => {
    expect(fromGrpcError(Object.assign(new Error('boom'), { code: 99 })).kind).toBe('UNKNOWN');
  });

  it('names every invalid field of a zod error', () => {
    const schema = z.object({ sku_id: z.string(), quantity: z.number().int().positive() });
    const result = schema.safeParse({ quantity: 0 });
    const error = validationError(result.error!);
    expect(error.kind).toBe('INVALID_ARGUMENT');
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: 'sku_id' }), expect.objectContaining({ field: 'quantity' })]);
    expect(error.message).toContain('sku_id');
  });
});
