import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One `createGrpcClient(<X>Client, config.addresses.<target>, ...)` in a service's code. */
export interface GrpcClientUse {
  caller: string;
  client: string;
  target: string;
  file: string;
}

/** One `client.call('<method>', ...)` in a service's code, on a client typed `GrpcClient<<X>Client>` in the same file. */
export interface GrpcCallSite {
  caller: string;
  client: string;
  method: string;
  file: string;
}

const CLIENT_CALL = /createGrpcClient\(\s*(\w+)Client\s*,\s*config\.addresses\.(\w+)/g;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));

/** Every gRPC client a service builds from its configured addresses (service.<name>/src, tests excluded). */
export const scanGrpcClients = (root = '.'): GrpcClientUse[] =>
  servicesUnder(root).flatMap((dir) =>
    sourceFiles(join(root, dir, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(CLIENT_CALL)].map((m) => ({
        caller: dir.slice('service.'.length),
        client: m[1]!,
        target: m[2]!,
        file,
      })),
    ),
  );

const CLIENT_TYPE = /GrpcClient<\s*(\w+)Client\s*>/g;
// Not Lua's `redis.call('HGET', ...)` inside the Redis adapters' scripts.
const METHOD_CALL = /(?<!\bredis)\.call\(\s*['"](\w+)['"]/g;

const servicesUnder = (root: string): string[] =>
  readdirSync(root)
    .filter((name) => name.startsWith('service.'))
    .sort();

/**
 * Every gRPC method a service calls (service.<name>/src, tests excluded). A call is attributed to the one client
 * type its file declares: each outbound adapter wraps one client. A file that calls `.call('<method>'` with no
 * client type or with several throws, so a call cannot slip past the policy checks unattributed.
 */
export const scanGrpcCalls = (root = '.'): GrpcCallSite[] =>
  servicesUnder(root).flatMap((dir) =>
    sourceFiles(join(root, dir, 'src')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const methods = [...text.matchAll(METHOD_CALL)].map((m) => m[1]!);
      if (methods.length === 0) return [];
      const clients = [...new Set([...text.matchAll(CLIENT_TYPE)].map((m) => m[1]!))];
      if (clients.length !== 1) throw new Error(`${file}: .call(...) on ${clients.length === 0 ? 'no' : 'several'} GrpcClient types`);
      return methods.map((method) => ({ caller: dir.slice('service.'.length), client: clients[0]!, method, file }));
    }),
  );

/**
 * The gRPC methods of every generated service, by service name (`ProductService`): method name as a client
 * calls it (`getSkuProperties`) -> path (`/product.v1.ProductService/GetSkuProperties`), read from the generated
 * client constructors' service definitions.
 */
export const generatedMethods = async (genDir = 'pkg/src/gen'): Promise<Map<string, Map<string, string>>> => {
  const files = readdirSync(genDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !join(entry.parentPath).includes('google'))
    .map((entry) => join(entry.parentPath, entry.name));
  const services = new Map<string, Map<string, string>>();
  for (const file of files) {
    const module: Record<string, unknown> = await import(pathToFileURL(resolve(file)).href);
    for (const [name, value] of Object.entries(module)) {
      const definition = (value as { service?: Record<string, { path?: string }> } | undefined)?.service;
      if (!name.endsWith('Client') || typeof value !== 'function' || definition === undefined) continue;
      services.set(name.slice(0, -'Client'.length), new Map(Object.entries(definition).map(([method, { path }]) => [method, path!])));
    }
  }
  return services;
};
