import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ListenConfig } from '../config/index.js';
import { AppError, errorEnvelope } from '../errors/index.js';

export interface RunningHttpServer {
  port: number;
  /** Stops accepting connections and resolves once in-flight requests finished. */
  close(): Promise<void>;
}

/** The request-head limit of a server whose stage sets none, as the stages' http_limits.header_bytes. */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

export interface ServeHttpLimits {
  /** Largest request head (request line and headers): Node's parser answers 431 past it (http_limits.header_bytes). */
  header_bytes: number;
}

// Node's parser refuses an oversized head before any handler runs and would answer a bare 431: answered here with
// the error envelope every other failure has, then the connection is closed (the rest of the head is never read).
// Any other parse error or timeout is answered as Node's own handler would.
const answerClientError = (error: Error & { code?: string }, socket: Duplex, limit: number): void => {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  if (error.code !== 'HPE_HEADER_OVERFLOW') {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    return;
  }
  const refusal = new AppError('RESOURCE_EXHAUSTED', `request head exceeds ${limit} bytes`, {
    reason: 'HEADERS_TOO_LARGE',
    httpStatus: 431,
    details: { max_bytes: limit },
  });
  const body = JSON.stringify(errorEnvelope(refusal, randomUUID()));
  socket.end(
    `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
};

/** Starts the hono app on host:port (port 0 picks a free one) and resolves once it listens. */
export const serveHttp = (
  app: Hono<any>,
  listen: ListenConfig | { host: string; port: 0 },
  limits: ServeHttpLimits = { header_bytes: DEFAULT_MAX_HEADER_BYTES },
): Promise<RunningHttpServer> =>
  new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const server: ServerType = serve(
      { fetch: app.fetch, hostname: listen.host, port: listen.port, serverOptions: { maxHeaderSize: limits.header_bytes } },
      (info) => {
        server.off('error', onError);
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            }),
        });
      },
    );
    (server as Server).on('clientError', (error: Error, socket: Duplex) => answerClientError(error, socket, limits.header_bytes));
    server.once('error', onError);
  });
