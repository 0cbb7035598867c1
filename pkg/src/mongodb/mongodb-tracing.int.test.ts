import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { initTelemetry, InMemorySpanExporter, withSpan } from '../telemetry/index.js';
import { testConfig } from '../testing/index.js';
import { createMongo } from './index.js';

const config = testConfig();
const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'mongodb-test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });
const client = createMongo(config.mongodb.url);
const name = `traced_${crypto.randomUUID().slice(0, 8)}`;
const collection = client.db('test').collection<{ _id?: unknown; title: string }>(name);
const url = new URL(config.mongodb.url);
afterAll(async () => {
  await collection.drop().catch(() => {});
  await client.close();
  await telemetry.shutdown();
});
beforeEach(() => spans.reset());

const clientSpans = () => spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);

describe('mongodb tracing', () => {
  it('gives a command inside a span a child CLIENT span naming command and collection, not the documents', async () => {
    const parent = await withSpan('catalog', async (span) => {
      await collection.insertOne({ title: 'Secret Lamp' });
      await collection.findOne({ title: 'Secret Lamp' });
      return span.spanContext();
    });
    expect(clientSpans().map((span) => span.name)).toEqual([`insert ${name}`, `find ${name}`]);
    expect(clientSpans().every((span) => span.parentSpanContext?.spanId === parent.spanId)).toBe(true);
    expect(clientSpans()[1]?.attributes).toEqual({
      'db.system.name': 'mongodb',
      'db.namespace': 'test',
      'db.operation.name': 'find',
      'db.collection.name': name,
      'server.address': url.hostname,
      'server.port': Number(url.port || 27017),
    });
    expect(JSON.stringify(clientSpans().map((span) => span.attributes))).not.toContain('Secret Lamp');
  });

  it('keeps concurrent commands in the traces of their own callers', async () => {
    const callers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((title) =>
        withSpan(`caller-${title}`, async (span) => {
          await collection.findOne({ title });
          return span.spanContext().spanId;
        }),
      ),
    );
    const parents = clientSpans().map((span) => span.parentSpanContext?.spanId);
    expect(parents.toSorted()).toEqual(callers.toSorted());
  });

  it('marks a write refused for a duplicate key with the ERROR status', async () => {
    await collection.createIndex({ title: 1 }, { unique: true });
    await collection.insertOne({ title: 'Only One' });
    spans.reset();
    await expect(withSpan('duplicate', () => collection.insertOne({ title: 'Only One' }))).rejects.toMatchObject({ code: 11000 });
    const [insert] = clientSpans();
    expect(insert?.name).toBe(`insert ${name}`);
    expect(insert?.status.code).toBe(SpanStatusCode.ERROR);
    expect(insert?.attributes['error.type']).toBe('11000');
  });

  it('marks a command the server refuses with the ERROR status', async () => {
    await expect(withSpan('bad', () => client.db('test').command({ noSuchCommand: 1 }))).rejects.toThrow();
    const [command] = clientSpans();
    expect(command?.name).toBe('noSuchCommand test');
    expect(command?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('records no span for a command outside any operation', async () => {
    await collection.countDocuments({});
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
