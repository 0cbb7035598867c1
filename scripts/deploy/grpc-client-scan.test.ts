import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanGrpcCalls } from './grpc-client-scan.js';

let root: string | undefined;
const serviceTree = (files: Record<string, string>): string => {
  root = mkdtempSync(join(tmpdir(), 'grpc-scan-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
};
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('scanGrpcCalls', () => {
  it("attributes each client.call('<method>') to the client type its file declares, skipping tests and Lua's redis.call", () => {
    const dir = serviceTree({
      'service.order/src/adapters/out/grpc/stock-client.ts':
        "export const f = (client: GrpcClient<StockServiceClient>) => { client.call('tryReserve', {}); client\n  .call(\n 'cancelReserve', {}); };",
      'service.order/src/adapters/out/grpc/stock-client.test.ts': "client.call('getEverything', {});",
      'service.cart/src/adapters/out/redis/script.ts': "const lua = `redis.call('HGET', KEYS[1])`;",
    });
    expect(scanGrpcCalls(dir).map((c) => `${c.caller} ${c.client}.${c.method}`)).toEqual([
      'order StockService.tryReserve',
      'order StockService.cancelReserve',
    ]);
  });

  it('refuses a call it cannot attribute to exactly one client type', () => {
    const ambiguous = serviceTree({
      'service.order/src/two.ts': "(a: GrpcClient<StockServiceClient>, b: GrpcClient<CartServiceClient>) => a.call('getCart', {});",
    });
    expect(() => scanGrpcCalls(ambiguous)).toThrow(/several GrpcClient types/);
    rmSync(ambiguous, { recursive: true });
    const untyped = serviceTree({ 'service.order/src/none.ts': "(client: any) => client.call('tryDebit', {});" });
    expect(() => scanGrpcCalls(untyped)).toThrow(/no GrpcClient types/);
  });
});
