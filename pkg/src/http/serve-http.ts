import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ListenConfig } from '../config/index.js';

export interface RunningHttpServer {
  port: number;
  /** Stops accepting connections and resolves once in-flight requests finished. */
  close(): Promise<void>;
}

/** Starts the hono app on host:port (port 0 picks a free one) and resolves once it listens. */
export const serveHttp = (app: Hono<any>, listen: ListenConfig | { host: string; port: 0 }): Promise<RunningHttpServer> =>
  new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const server: ServerType = serve({ fetch: app.fetch, hostname: listen.host, port: listen.port }, (info) => {
      server.off('error', onError);
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', onError);
  });
