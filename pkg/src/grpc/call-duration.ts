import { status } from '@grpc/grpc-js';
import {
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  METRIC_RPC_SERVER_CALL_DURATION,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from '@opentelemetry/semantic-conventions';
import { DURATION_BUCKETS_SECONDS, getMeter } from '../telemetry/index.js';

/** Records the duration of one answered (or abandoned) call: its method path and final status code. */
export type CallDurationRecorder = (path: string, code: status, seconds: number) => void;

/**
 * rpc.server.call.duration in seconds, as the current (stable) RPC semantic conventions name it: they replaced
 * rpc.server.duration in ms, rpc.system, rpc.service and rpc.grpc.status_code with rpc.system.name, a
 * fully-qualified rpc.method (product.v1.ProductService/GetSkuProperties) and rpc.status_code (OK, NOT_FOUND).
 */
export const callDurationRecorder = (): CallDurationRecorder => {
  const duration = getMeter().createHistogram(METRIC_RPC_SERVER_CALL_DURATION, {
    unit: 's',
    description: 'Duration of gRPC calls served.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
  });
  return (path, code, seconds) =>
    duration.record(seconds, {
      [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC,
      // grpc-js paths are /package.Service/Method; only methods the service registered reach a handler.
      [ATTR_RPC_METHOD]: path.replace(/^\//, ''),
      [ATTR_RPC_STATUS_CODE]: status[code] ?? String(code),
    });
};
