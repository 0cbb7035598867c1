import type { Hono } from 'hono';
import type { EntryLimits, ListenConfig } from '../config/index.js';
import type { GrpcServer } from '../grpc/index.js';
import { serveHttp } from '../http/index.js';

/** A service whose HTTP and gRPC servers listen; `stop` drains both (clients stay open for the caller). */
export interface RunningService {
  httpPort: number;
  grpcPort: number;
  stop(): Promise<void>;
}

export interface ServeServiceOptions {
  app: Hono<any>;
  grpc: GrpcServer;
  listen: { http: ListenConfig; grpc: ListenConfig };
  /** Called first on stop, e.g. to make /readyz answer 503 while in-flight requests finish. */
  onDrain?: () => void;
  /** The stage's limits; the HTTP server takes its request-head limit from them. Absent: serveHttp's default. */
  limits?: EntryLimits;
}

/**
 * Starts the gRPC server, then the HTTP server (closing gRPC again if HTTP cannot listen), so a service is
 * either fully up or not at all. Port 0 picks free ports (tests).
 */
export const serveService = async (options: ServeServiceOptions): Promise<RunningService> => {
  const grpcPort = await options.grpc.listen(options.listen.grpc);
  const http = await serveHttp(options.app, options.listen.http, options.limits?.http_limits).catch(async (error: unknown) => {
    await options.grpc.close();
    throw error;
  });
  return {
    httpPort: http.port,
    grpcPort,
    stop: async () => {
      options.onDrain?.();
      await Promise.all([http.close(), options.grpc.close()]);
    },
  };
};
