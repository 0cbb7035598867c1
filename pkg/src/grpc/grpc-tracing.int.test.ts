import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ProductServiceClient, ProductServiceService } from '../gen/product/v1/product.js';
import { createHttpApp } from '../http/index.js';
import { initTelemetry, InMemorySpanExporter, withSpan } from '../telemetry/index.js';
import { createGrpcClient, createGrpcServer } from './index.js';

const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'tracing-test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });
const logger = pino({ level: 'silent' });
const server = createGrpcServer({ logger, shutdownTimeoutMs: 200 });
server.addService(ProductServiceService, {
  getSkuStock: async () => ({ items: [], notFoundSkuIds: [] }),
  getSkuProperties: async () => ({ items: [], notFoundSkuIds: [] }),
});
const port = await server.listen({ host: '127.0.0.1', port: 0 });
const client = createGrpcClient(ProductServiceClient, `127.0.0.1:${port}`, { grpc: { default_deadline_ms: 2000 } });
afterAll(async () => {
  client.close();
  await server.close();
  await telemetry.shutdown();
});

describe('trace propagation', () => {
  it('continues an HTTP caller trace through the service and into its gRPC call and the server handler', async () => {
    const app = createHttpApp({ logger });
    app.get('/api/v1/thing/:id', async (c) => c.json({ data: await client.call('getSkuStock', { skuIds: [c.req.param('id')] }) }));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await app.request('/api/v1/thing/42', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.status).toBe(200);

    const finished = spans.getFinishedSpans();
    const http = finished.find((s) => s.name === 'GET /api/v1/thing/:id');
    const grpcClient = finished.find((s) => s.name === 'grpc getSkuStock');
    const grpcServer = finished.find((s) => s.name === '/product.v1.ProductService/GetSkuStock');
    expect([http, grpcClient, grpcServer].map((s) => s?.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    expect(http?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(grpcClient?.parentSpanContext?.spanId).toBe(http?.spanContext().spanId);
    expect(grpcServer?.parentSpanContext?.spanId).toBe(grpcClient?.spanContext().spanId);
  });

  it('starts a new trace for a call made outside any span', async () => {
    spans.reset();
    await withSpan('job', () => client.call('getSkuStock', { skuIds: [] }));
    const [server, clientSpan, job] = [
      spans.getFinishedSpans().find((s) => s.name.startsWith('/product')),
      spans.getFinishedSpans().find((s) => s.name === 'grpc getSkuStock'),
      spans.getFinishedSpans().find((s) => s.name === 'job'),
    ];
    expect(server?.spanContext().traceId).toBe(job?.spanContext().traceId);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(job?.spanContext().spanId);
  });
});
