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

const CLIENT_CALL = /createGrpcClient\(\s*(\w+)Client\s*,\s*config\.addresses\.(\w+)/g;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));

/** Every gRPC client a service builds from its configured addresses (service.<name>/src, tests excluded). */
export const scanGrpcClients = (root = '.'): GrpcClientUse[] =>
  readdirSync(root)
    .filter((name) => name.startsWith('service.'))
    .sort()
    .flatMap((dir) =>
      sourceFiles(join(root, dir, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(CLIENT_CALL)].map((m) => ({
          caller: dir.slice('service.'.length),
          client: m[1]!,
          target: m[2]!,
          file,
        })),
      ),
    );

/**
 * The gRPC method paths of every generated service, by service name (`ProductService`), read from the
 * generated client constructors' service definitions.
 */
export const generatedMethodPaths = async (genDir = 'pkg/src/gen'): Promise<Map<string, string[]>> => {
  const files = readdirSync(genDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !join(entry.parentPath).includes('google'))
    .map((entry) => join(entry.parentPath, entry.name));
  const paths = new Map<string, string[]>();
  for (const file of files) {
    const module: Record<string, unknown> = await import(pathToFileURL(resolve(file)).href);
    for (const [name, value] of Object.entries(module)) {
      const definition = (value as { service?: Record<string, { path?: string }> } | undefined)?.service;
      if (!name.endsWith('Client') || typeof value !== 'function' || definition === undefined) continue;
      paths.set(
        name.slice(0, -'Client'.length),
        Object.values(definition)
          .map((method) => method.path!)
          .sort(),
      );
    }
  }
  return paths;
};
