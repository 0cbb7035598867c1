import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { initTelemetry, InMemorySpanExporter, withSpan } from '../telemetry/index.js';
import { testConfig } from '../testing/index.js';
import { createPool, withTransaction } from './index.js';

const config = testConfig();
const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'postgres-test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });
// One connection, so that concurrent callers wait for each other in the pool's queue. The cluster's own
// `postgres` maintenance database (no stage suffix): these queries touch no table.
const pool = createPool({ ...config.postgres, pool_max: 1, database_suffix: '' }, 'postgres');
afterAll(async () => {
  await pool.end();
  await telemetry.shutdown();
});
beforeEach(() => spans.reset());

const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);

describe('postgres tracing', () => {
  it('gives a query inside a span a child CLIENT span with the parameterised SQL and no values', async () => {
    const parent = await withSpan('lookup', async (span) => {
      await pool.query('select $1::text as secret', ['s3cret-value']);
      return span.spanContext();
    });
    const [query] = named('SELECT postgres');
    expect(query?.kind).toBe(SpanKind.CLIENT);
    expect(query?.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(query?.spanContext().traceId).toBe(parent.traceId);
    expect(query?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.namespace': 'postgres',
      'db.operation.name': 'SELECT',
      'db.query.text': 'select $1::text as secret',
      'server.address': config.postgres.host,
      'server.port': config.postgres.port,
    });
    const recorded = spans.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]);
    expect(JSON.stringify(recorded)).not.toContain('s3cret-value');
  });

  it('traces the statements of a transaction on a checked-out client', async () => {
    await withSpan('transfer', () => withTransaction(pool, async (client) => client.query('select 1')));
    const [transfer] = named('transfer');
    const statements = spans.getFinishedSpans().filter((span) => span.parentSpanContext?.spanId === transfer?.spanContext().spanId);
    expect(statements.map((span) => span.attributes['db.operation.name'])).toEqual(['BEGIN', 'SELECT', 'COMMIT']);
  });

  it('marks a failed query with the ERROR status and the SQLSTATE', async () => {
    await expect(withSpan('broken', () => pool.query('select * from no_such_table'))).rejects.toThrow(/no_such_table/);
    const [query] = named('SELECT postgres');
    expect(query?.status.code).toBe(SpanStatusCode.ERROR);
    expect(query?.attributes['error.type']).toBe('42P01');
    expect(query?.events[0]?.name).toBe('exception');
  });

  it('keeps each waiting caller in its own trace when the pool hands over a released connection', async () => {
    const [first, second] = await Promise.all([
      withSpan('first', async (span) => {
        await pool.query('select pg_sleep(0.1)');
        return span.spanContext().spanId;
      }),
      withSpan('second', async (span) => {
        await pool.query('select 2');
        return span.spanContext().spanId;
      }),
    ]);
    const parentOf = (text: string) =>
      spans.getFinishedSpans().find((span) => span.attributes['db.query.text'] === text)?.parentSpanContext?.spanId;
    expect(parentOf('select pg_sleep(0.1)')).toBe(first);
    expect(parentOf('select 2')).toBe(second);
  });

  it('records no span for a query outside any operation', async () => {
    await pool.query('select 1');
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
