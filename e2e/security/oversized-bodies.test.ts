import { request } from 'node:http';
import { loadRouteTable, SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssMb } from '../support/resident-memory.js';
import { gatewayUrl, stageConfig, startSystem, type RunningSystem } from '../support/system.js';

// A stranger's cheapest attack: one huge request. Every public route, at the edge and at each service directly
// (the mesh's sidecars pass bodies through), answers 413 before reading it, within 100 ms, and no process holds
// on to it. Against the code before body limits existed, the login took 1 GB and seconds for one 50 MB body.

const HUNDRED_MB = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 0x20);
const ANSWER_WITHIN_MS = 100;
const RSS_GROWTH_LIMIT_MB = 20;

interface Answer {
  status: number;
  code: string | undefined;
  ms: number;
}

/**
 * POSTs a 100 MB JSON-typed body to `url`, declared by Content-Length or chunked, written as fast as the socket
 * takes it until the answer's head arrives; then the connection is dropped. Resolves with the status, the error
 * code and the time from the first byte to the answer.
 */
const sendHuge = (url: string, framing: 'content-length' | 'chunked'): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(framing === 'content-length' ? { 'content-length': String(HUNDRED_MB) } : {}) },
    });
    req.on('response', (res) => {
      answered = true;
      const ms = performance.now() - started;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        let code: string | undefined;
        try {
          code = JSON.parse(text).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, code, ms });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const pump = () => {
      while (!answered && sent < HUNDRED_MB) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });

/** One path under each public route prefix (the longest prefixes of config/routes.yaml name the exact routes). */
const publicPaths = loadRouteTable(stageConfig.gateway.routes_file).map((route) => ({ service: route.service, path: route.prefix }));

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system?.stop());

const rssOfAll = (): Record<string, number> =>
  Object.fromEntries(Object.entries(system.processes).map(([name, proc]) => [name, rssMb(proc.pid!) ?? Number.NaN]));

/** Sends one huge body and reports the answer with the largest RSS growth of any process over that request. */
const attack = async (target: string, url: string, framing: 'content-length' | 'chunked') => {
  const before = rssOfAll();
  const answer = await sendHuge(url, framing);
  const after = rssOfAll();
  const growth = Object.entries(after).map(([name, mb]) => ({ name, mb: mb - before[name]! }));
  const worst = growth.reduce((a, b) => (b.mb > a.mb ? b : a));
  return { target, status: answer.status, code: answer.code, ms: answer.ms, worstGrowth: worst };
};

describe('a 100 MB request body', () => {
  it('is answered 413 BODY_TOO_LARGE within 100 ms on every public route, at the edge and at each service, and costs no process memory', async () => {
    const results = [];
    for (const framing of ['content-length', 'chunked'] as const) {
      for (const { path } of publicPaths) results.push(await attack(`edge ${path} (${framing})`, `${gatewayUrl}${path}`, framing));
      for (const service of SERVICE_NAMES) {
        const { host, port } = stageConfig.services[service].http;
        const path = publicPaths.find((p) => p.service === service)!.path;
        results.push(await attack(`${service} ${path} (${framing})`, `http://${host}:${port}${path}`, framing));
      }
    }
    for (const result of results) {
      expect({ target: result.target, status: result.status, code: result.code }).toEqual({
        target: result.target,
        status: 413,
        code: 'BODY_TOO_LARGE',
      });
      expect(result.ms, `${result.target}: ms to the answer`).toBeLessThan(ANSWER_WITHIN_MS);
      expect(result.worstGrowth.mb, `${result.target}: RSS growth of ${result.worstGrowth.name}, MB`).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    }
  });
});
