import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { initTelemetry, InMemorySpanExporter, withSpan } from '../telemetry/index.js';
import { testConfig } from '../testing/index.js';
import { createRedis } from './index.js';

const config = testConfig();
const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'redis-test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });
const redis = createRedis(config.redis.url);
const url = new URL(config.redis.url);
afterAll(async () => {
  await redis.quit();
  await telemetry.shutdown();
});
beforeEach(() => spans.reset());

describe('redis tracing', () => {
  it('gives a command inside a span a child CLIENT span that names the command but not its arguments', async () => {
    const key = `test:trace:${crypto.randomUUID()}`;
    const parent = await withSpan('read-cart', async (span) => {
      await redis.hset(key, 'sku-secret', '3');
      await redis.hgetall(key);
      await redis.del(key);
      return span.spanContext();
    });
    const commands = spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(commands.map((span) => span.name)).toEqual(['HSET', 'HGETALL', 'DEL']);
    expect(commands.every((span) => span.parentSpanContext?.spanId === parent.spanId)).toBe(true);
    expect(commands[1]?.attributes).toEqual({
      'db.system.name': 'redis',
      'db.namespace': url.pathname.slice(1) || '0',
      'db.operation.name': 'HGETALL',
      'server.address': url.hostname,
      'server.port': Number(url.port),
    });
    expect(JSON.stringify(commands.map((span) => span.attributes))).not.toContain('sku-secret');
  });

  it('traces every command of a MULTI transaction in the caller trace', async () => {
    const key = `test:trace:${crypto.randomUUID()}`;
    await withSpan('count', () => redis.multi().incr(key).expire(key, 60).exec());
    const traceIds = new Set(spans.getFinishedSpans().map((span) => span.spanContext().traceId));
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['MULTI', 'INCR', 'EXPIRE', 'EXEC', 'count']);
    expect(traceIds.size).toBe(1);
  });

  it('marks a failed command with the ERROR status', async () => {
    const key = `test:trace:${crypto.randomUUID()}`;
    await expect(
      withSpan('misuse', async () => {
        await redis.set(key, 'text', 'EX', 60);
        await redis.hgetall(key);
      }),
    ).rejects.toThrow(/WRONGTYPE/);
    const failed = spans.getFinishedSpans().find((span) => span.name === 'HGETALL');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events[0]?.name).toBe('exception');
  });

  it('records no span for a command outside any operation', async () => {
    await redis.ping();
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
