// Static checks of infrastructure/docker/Dockerfile (no Docker here): the shape of the image, and for every
// value of the build argument SERVICE that each path it copies or runs exists in the repository, so that
// `minikube image build --build-opt=build-arg=SERVICE=<svc>` cannot miss a file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SERVICE_NAMES, SERVICE_NODE_FLAGS } from '@micro-ecommerce/pkg/config';
import { DATABASES } from '@micro-ecommerce/pkg/postgres';
import { describe, expect, it } from 'vitest';

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

const path = 'infrastructure/docker/Dockerfile';

// One instruction per logical line (backslash continuations joined), numbered by build stage (FROM).
const instructionsOf = (text: string): Instruction[] => {
  let stage = -1;
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      if (keyword.toUpperCase() === 'FROM') stage += 1;
      return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
    });
};

// The instruction text as the builder sees it for one service: ${SERVICE}, ${SERVICE:?...} and $SERVICE.
const forService = (text: string, service: string): string => text.replace(/\$\{SERVICE(?::\?[^}]*)?\}|\$SERVICE\b/g, service);

// COPY [--from=...] <src>... <dest>: the sources, or none when copied from another stage.
const copySources = (args: string): string[] => {
  const words = args.split(/\s+/);
  if (words.some((word) => word.startsWith('--from='))) return [];
  return words.filter((word) => !word.startsWith('--')).slice(0, -1);
};

// ENV a=b c="d e": the assignments in order.
const envOf = (args: string): [string, string][] =>
  [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, key = '', value = '']) => [key, value.replace(/^"(.*)"$/, '$1')]);

const tsconfigOf = (dir: string): { compilerOptions: { rootDir: string; outDir: string } } =>
  JSON.parse(readFileSync(`${dir}/tsconfig.json`, 'utf8'));

const instructions = existsSync(path) ? instructionsOf(readFileSync(path, 'utf8')) : [];
const lastStage = Math.max(...instructions.map((i) => i.stage));
const build = instructions.filter((i) => i.stage >= 0 && i.stage < lastStage);
const runtime = instructions.filter((i) => i.stage === lastStage);
const of = (keyword: string, list = instructions): Instruction[] => list.filter((i) => i.keyword === keyword);
const installs = (list: Instruction[]): Instruction[] => of('RUN', list).filter((i) => /\bnpm (ci|install)\b/.test(i.args));

describe(path, () => {
  it('exists, and no per-service <svc>.Dockerfile is left beside it', () => {
    expect(existsSync(path)).toBe(true);
    expect(readdirSync('infrastructure/docker').filter((name) => name.endsWith('.Dockerfile'))).toEqual([]);
  });

  it('builds in one stage and runs in another', () => expect(of('FROM').length).toBeGreaterThanOrEqual(2));

  it('bases every stage on the same Node 24 bookworm-slim image, pinned to an exact release', () => {
    const images = of('FROM').map((i) => i.args.split(/\s+/)[0] ?? '');
    for (const image of images) expect(image).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
    expect(new Set(images).size).toBe(1);
  });

  it('stops before copying anything when SERVICE is missing or not one of the services', () => {
    const firstCopy = build.findIndex((i) => i.keyword === 'COPY');
    const beforeCopy = build.slice(0, firstCopy);
    expect(of('ARG', beforeCopy).map((i) => i.args)).toContain('SERVICE');
    expect(of('ENV', beforeCopy).flatMap((i) => envOf(i.args))).toContainEqual(['SERVICE', expect.stringMatching(/^\$\{SERVICE:\?.+\}$/)]);
    const guard = of('RUN', beforeCopy).find((i) => i.args.startsWith('case "$SERVICE" in'));
    const accepted = guard?.args.match(/^case "\$SERVICE" in ([^)]*)\)/)?.[1]?.split('|');
    expect(accepted?.map((name) => name.trim()).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(guard?.args).toMatch(/\*\).*exit 1/);
  });

  it('installs only pkg, the service and the compiler in the build stage, not every root devDependency', () => {
    const args = installs(build).map((i) => i.args);
    expect(args.length).toBeGreaterThan(0);
    for (const arg of args) expect(arg).not.toContain('--include-workspace-root');
    expect(args.join(' ')).toMatch(/npm ci --workspace pkg --workspace service\.\$\{SERVICE\}/);
    expect(args.join(' ')).toMatch(/npm install --no-save\b.*"typescript@\$\w+" "@types\/node@\$\w+"/);
  });

  it('takes typescript and @types/node at the exact versions the root pins, which the lockfile resolves', () => {
    const root = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string }> };
    for (const name of ['typescript', '@types/node']) {
      expect(root.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(root.devDependencies[name]);
    }
  });

  it('runs as a non-root user', () => {
    const users = of('USER', runtime).map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('ships pkg/dist and the migrations of every database for the migrate init container', () => {
    const { rootDir, outDir } = tsconfigOf('pkg').compilerOptions;
    expect(existsSync(`pkg/${rootDir}/postgres/migrate-main.ts`)).toBe(true);
    expect(of('COPY', runtime).some((i) => i.args.includes('--from=') && i.args.endsWith(`pkg/${outDir}`))).toBe(true);
    const copied = of('COPY', runtime).flatMap((i) => copySources(i.args).filter((s) => s.startsWith('migrations')));
    for (const database of DATABASES) {
      expect(existsSync(`migrations/${database}`), database).toBe(true);
      expect(
        copied.some(
          (source) => `migrations/${database}` === source || `migrations/${database}`.startsWith(`${source.replace(/\/$/, '')}/`),
        ),
        database,
      ).toBe(true);
    }
  });

  it('keeps SERVICE in the runtime environment, where the shell-form start command expands it', () => {
    expect(of('ARG', runtime).map((i) => i.args)).toContain('SERVICE');
    expect(of('ENV', runtime).flatMap((i) => envOf(i.args))).toContainEqual(['SERVICE', '${SERVICE}']);
  });

  it('defaults to production and the k8s stage and exposes the http and grpc ports', () => {
    const env = of('ENV', runtime).flatMap((i) => envOf(i.args));
    expect(env).toContainEqual(['STAGE', 'config/k8s.yaml']);
    expect(env).toContainEqual(['NODE_ENV', 'production']);
    expect(of('EXPOSE', runtime).flatMap((i) => i.args.split(/\s+/))).toEqual(['8080', '9090']);
  });
});

describe.each(SERVICE_NAMES)(`${path} with SERVICE=%s`, (service) => {
  const expanded = (list: Instruction[]): Instruction[] => list.map((i) => ({ ...i, args: forService(i.args, service) }));

  it('compiles pkg and the service with tsc -b in the build stage', () => {
    expect(of('RUN', expanded(build)).some((i) => i.args.includes(`tsc -b service.${service}`))).toBe(true);
  });

  it('installs production dependencies only in the runtime stage', () => {
    const runtimeInstalls = installs(expanded(runtime));
    expect(runtimeInstalls).toHaveLength(1);
    expect(runtimeInstalls[0]?.args).toContain('--omit=dev');
    expect(runtimeInstalls[0]?.args).toContain(`--workspace service.${service}`);
  });

  it('copies only paths that exist in the repository', () => {
    const sources = of('COPY', expanded(instructions)).flatMap((i) => copySources(i.args));
    expect(sources).toContain(`service.${service}/src`);
    for (const source of sources) expect(existsSync(source), source).toBe(true);
  });

  it('starts the compiled src/main.ts of the service from /app, with node as PID 1', () => {
    const { rootDir, outDir } = tsconfigOf(`service.${service}`).compilerOptions;
    const main = `service.${service}/${outDir}/main.js`;
    expect(existsSync(`service.${service}/${rootDir}/main.ts`)).toBe(true);
    expect(of('WORKDIR', runtime).at(-1)?.args).toBe('/app');
    const [shell, flag, script] = JSON.parse(of('CMD', runtime).at(-1)?.args ?? '[]') as string[];
    expect([shell, flag]).toEqual(['sh', '-c']);
    // The flags of every other launcher (pkg/src/config/node-flags.ts).
    expect(forService(script ?? '', service)).toBe(`exec node ${[...SERVICE_NODE_FLAGS, main].join(' ')}`);
    expect(of('COPY', expanded(runtime)).some((i) => i.args.includes('--from=') && i.args.endsWith(main.replace(/\/main\.js$/, '')))).toBe(
      true,
    );
  });
});

describe('.dockerignore', () => {
  it('keeps local data, build output and installed packages out of the build context', () => {
    const patterns = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const pattern of ['.git', '.run', '**/node_modules', '**/dist']) expect(patterns).toContain(pattern);
  });
});
