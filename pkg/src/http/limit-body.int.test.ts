import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp } from './create-http-app.js';
import { readJson } from './read-json.js';
import { serveHttp, type RunningHttpServer } from './serve-http.js';

// The limits of a real server on a real socket: Content-Length and chunked bodies past the body limit, and a
// request head past the header limit, each answered with the error envelope before the handler sees anything.
const MAX_BODY = 1024;
const MAX_HEAD = 2048;
let server: RunningHttpServer;
let handled = 0;

beforeAll(async () => {
  const app = createHttpApp({ logger: pino({ level: 'silent' }), maxBodyBytes: MAX_BODY });
  app.post('/echo', async (c) => {
    handled++;
    return c.json({ data: await readJson(c, z.object({ text: z.string() })) }, 201);
  });
  server = await serveHttp(app, { host: '127.0.0.1', port: 0 }, { header_bytes: MAX_HEAD });
});

afterAll(() => server.close());

interface Answer {
  status: number;
  body: any;
}

/** Sends a POST whose body comes in `chunks` (chunked unless `contentLength`); resolves with the answer. */
const send = (chunks: Buffer[], headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/echo', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    // The server may answer and close before the whole body is out.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });

const json = (text: string) => Buffer.from(JSON.stringify({ text }));

describe('the HTTP limits of createHttpApp and serveHttp', () => {
  it('reads a body up to the limit', async () => {
    const answer = await send([json('a'.repeat(MAX_BODY - 20))]);
    expect(answer.status).toBe(201);
  });

  it('answers 413 BODY_TOO_LARGE at once when Content-Length is past the limit, without running the handler', async () => {
    const before = handled;
    const answer = await send([Buffer.alloc(MAX_BODY + 1, 0x20)], { 'content-length': String(MAX_BODY + 1) });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'BODY_TOO_LARGE', details: { max_bytes: MAX_BODY } });
    expect(handled).toBe(before);
  });

  it('cuts a chunked body off once it crosses the limit', async () => {
    const before = handled;
    const answer = await send(Array.from({ length: 8 }, () => Buffer.alloc(MAX_BODY / 2, 0x20)));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('BODY_TOO_LARGE');
    expect(handled).toBe(before);
  });

  it('answers 431 HEADERS_TOO_LARGE in the error envelope for a request head past the limit', async () => {
    const answer = await send([json('a')], { 'x-padding': 'p'.repeat(MAX_HEAD) });
    expect(answer.status).toBe(431);
    expect(answer.body.error).toMatchObject({ code: 'HEADERS_TOO_LARGE', details: { max_bytes: MAX_HEAD } });
  });
});
