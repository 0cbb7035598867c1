import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** One span as an OTLP/HTTP receiver got it, with the service.name of the process that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';
  /** Start and end, milliseconds since the epoch (microsecond precision). */
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
}

// OTLP's SpanKind enum (opentelemetry/proto/trace/v1/trace.proto), by number.
const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const nanosToMs = (nanos: bigint | string): number => Number(BigInt(nanos) / 1000n) / 1000;

// Visits the fields of one message; fields the handler does not read are skipped.
const eachField = (bytes: Uint8Array, read: (field: number, reader: BinaryReader) => boolean): void => {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (!read(field, reader)) reader.skip(wireType as WireType, field);
  }
};

// AnyValue: 1 string, 2 bool, 3 int64, 4 double; arrays, maps and bytes are not needed here.
const anyValue = (bytes: Uint8Array): string | number | boolean | undefined => {
  let value: string | number | boolean | undefined;
  eachField(bytes, (field, reader) => {
    if (field === 1) value = reader.string();
    else if (field === 2) value = reader.bool();
    else if (field === 3) value = Number(reader.int64());
    else if (field === 4) value = reader.double();
    else return false;
    return true;
  });
  return value;
};

// KeyValue: 1 key, 2 value.
const addKeyValue = (bytes: Uint8Array, into: Record<string, string | number | boolean>): void => {
  let key = '';
  let value: string | number | boolean | undefined;
  eachField(bytes, (field, reader) => {
    if (field === 1) key = reader.string();
    else if (field === 2) value = anyValue(reader.bytes());
    else return false;
    return true;
  });
  if (value !== undefined) into[key] = value;
};

// Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 7 start, 8 end (fixed64 ns), 9 attributes.
const span = (bytes: Uint8Array, service: string): ReceivedSpan => {
  const result: ReceivedSpan = {
    service,
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 'UNSPECIFIED',
    startMs: 0,
    endMs: 0,
    attributes: {},
  };
  eachField(bytes, (field, reader) => {
    if (field === 1) result.traceId = hex(reader.bytes());
    else if (field === 2) result.spanId = hex(reader.bytes());
    else if (field === 4) result.parentSpanId = hex(reader.bytes());
    else if (field === 5) result.name = reader.string();
    else if (field === 6) result.kind = KINDS[reader.int32()] ?? 'UNSPECIFIED';
    else if (field === 7) result.startMs = nanosToMs(reader.fixed64());
    else if (field === 8) result.endMs = nanosToMs(reader.fixed64());
    else if (field === 9) addKeyValue(reader.bytes(), result.attributes);
    else return false;
    return true;
  });
  return result;
};

// ResourceSpans: 1 resource (1 attributes), 2 scope_spans (2 spans).
const resourceSpans = (bytes: Uint8Array): ReceivedSpan[] => {
  const resource: Record<string, string | number | boolean> = {};
  const spanBytes: Uint8Array[] = [];
  eachField(bytes, (field, reader) => {
    if (field === 1) {
      eachField(reader.bytes(), (resourceField, resourceReader) => {
        if (resourceField !== 1) return false;
        addKeyValue(resourceReader.bytes(), resource);
        return true;
      });
    } else if (field === 2) {
      eachField(reader.bytes(), (scopeField, scopeReader) => {
        if (scopeField !== 2) return false;
        spanBytes.push(scopeReader.bytes());
        return true;
      });
    } else return false;
    return true;
  });
  return spanBytes.map((bytes) => span(bytes, String(resource['service.name'] ?? '')));
};

/** Decodes an OTLP ExportTraceServiceRequest (protobuf): 1 resource_spans. */
export const decodeTraceRequest = (body: Uint8Array): ReceivedSpan[] => {
  const spans: ReceivedSpan[] = [];
  eachField(body, (field, reader) => {
    if (field !== 1) return false;
    spans.push(...resourceSpans(reader.bytes()));
    return true;
  });
  return spans;
};

export interface OtlpReceiver<T = ReceivedSpan> {
  /** The URL to export to, e.g. for CONFIG__TELEMETRY__OTLP_ENDPOINT. */
  url: string;
  /** Every span received so far (as `keep` made it), oldest first. */
  spans: T[];
  close(): Promise<void>;
}

/**
 * A local OTLP/HTTP trace receiver on 127.0.0.1 (free port) that keeps the spans the processes export, the
 * way a collector or Jaeger would receive them. `keep` may reduce each span (a benchmark keeps thousands of
 * traces) or drop it (undefined).
 */
export const startOtlpReceiver = async <T = ReceivedSpan>(
  keep: (span: ReceivedSpan) => T | undefined = (span) => span as T,
): Promise<OtlpReceiver<T>> => {
  const spans: T[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        for (const span of decodeTraceRequest(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body)) {
          const kept = keep(span);
          if (kept !== undefined) spans.push(kept);
        }
        // An empty ExportTraceServiceResponse: everything accepted.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      } catch (error) {
        res.writeHead(400).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
