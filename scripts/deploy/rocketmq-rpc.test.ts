// The proxy policy's RPC lists against the code that makes the calls: rocketmq-client-nodejs's Producer and
// PushConsumer (what pkg/src/rocketmq builds), followed through their relative requires. A library upgrade that
// starts calling another RPC, or a list that grants one nobody calls, fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSUME_RPCS, PUBLISH_RPCS, rpcPaths, SESSION_RPCS } from './rocketmq-rpc.js';

const LIBRARY = 'node_modules/rocketmq-client-nodejs';
const DIST = resolve(LIBRARY, 'dist');
// The dispatch layer: it defines one wrapper per RPC, which says nothing about which ones a client calls.
const DISPATCH = ['client/RpcClient.js', 'client/RpcClientManager.js'].map((file) => join(DIST, file));

/** Every RPC of the proxy's service: the client's name (queryRoute) -> the gRPC path. */
const rpcs = new Map(
  [
    ...readFileSync(join(LIBRARY, 'proto/apache/rocketmq/v2/service_grpc_pb.js'), 'utf8').matchAll(
      /(\w+): \{\s*path: '(\/apache\.rocketmq\.v2\.MessagingService\/\w+)'/g,
    ),
  ].map((m) => [m[1]!, m[2]!]),
);

const resolveRequire = (from: string, spec: string): string | undefined =>
  [`${resolve(dirname(from), spec)}.js`, join(resolve(dirname(from), spec), 'index.js')].find(existsSync);

/** The library files `entry` loads, itself included, within dist/ (not the generated protobuf code). */
const closureOf = (entry: string): string[] => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !file.startsWith(DIST)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const next = resolveRequire(file, m[1]!);
      if (next !== undefined) visit(next);
    }
  };
  visit(join(DIST, entry));
  return [...seen];
};

/** The gRPC paths of the RPCs called (`.<rpc>(`) in the files `entry` loads, the dispatch layer aside. */
const rpcPathsCalledFrom = (entry: string): string[] => {
  const text = closureOf(entry)
    .filter((file) => !DISPATCH.includes(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return [...rpcs]
    .filter(([name]) => new RegExp(`\\.${name}\\(`).test(text))
    .map(([, path]) => path)
    .sort();
};

const pkgRocketmq = readdirSync('pkg/src/rocketmq')
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => readFileSync(join('pkg/src/rocketmq', name), 'utf8'))
  .join('\n');

describe('the RPCs the RocketMQ proxy policy grants', () => {
  it('reads the service definition and follows the requires', () => {
    expect(rpcs.get('sendMessage')).toBe('/apache.rocketmq.v2.MessagingService/SendMessage');
    expect(rpcs.size).toBeGreaterThan(10);
    expect(closureOf('producer/Producer.js')).toContain(join(DIST, 'client/BaseClient.js'));
  });

  it('are the ones our producer and push consumer are built from', () => {
    expect(pkgRocketmq).toMatch(/withSettingsReplay\(Producer\)/);
    expect(pkgRocketmq).toMatch(/extends withSettingsReplay\(PushConsumer\)/);
    expect(pkgRocketmq).not.toMatch(/SimpleConsumer|LitePushConsumer/);
  });

  it('for publishing: exactly what the Producer calls, but for the recall our EventProducer never asks for', () => {
    const called = rpcPathsCalledFrom('producer/Producer.js');
    expect(called).toContain(rpcs.get('recallMessage'));
    expect(pkgRocketmq).not.toMatch(/\.recallMessage\(/);
    expect(rpcPaths(SESSION_RPCS, PUBLISH_RPCS)).toEqual(called.filter((path) => path !== rpcs.get('recallMessage')));
  });

  it('for consuming: exactly what the PushConsumer calls', () => {
    expect(rpcPaths(SESSION_RPCS, CONSUME_RPCS)).toEqual(rpcPathsCalledFrom('consumer/PushConsumer.js'));
  });
});
