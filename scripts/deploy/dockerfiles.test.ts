// Static checks of infrastructure/docker/<svc>.Dockerfile (no Docker here): the shape of each image and that
// every path it copies or runs exists in the repository, so `minikube image build` cannot miss a file.
import { existsSync, readFileSync } from 'node:fs';
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { DATABASES } from '@micro-ecommerce/pkg/postgres';
import { describe, expect, it } from 'vitest';

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

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

// COPY [--from=...] <src>... <dest>: the sources, or none when copied from another stage.
const copySources = (args: string): string[] => {
  const words = args.split(/\s+/);
  if (words.some((word) => word.startsWith('--from='))) return [];
  return words.filter((word) => !word.startsWith('--')).slice(0, -1);
};

const tsconfigOf = (dir: string): { compilerOptions: { rootDir: string; outDir: string } } =>
  JSON.parse(readFileSync(`${dir}/tsconfig.json`, 'utf8'));

describe.each(SERVICE_NAMES)('infrastructure/docker/%s.Dockerfile', (service) => {
  const path = `infrastructure/docker/${service}.Dockerfile`;
  const instructions = existsSync(path) ? instructionsOf(readFileSync(path, 'utf8')) : [];
  const lastStage = Math.max(...instructions.map((i) => i.stage));
  const runtime = instructions.filter((i) => i.stage === lastStage);
  const of = (keyword: string, list = instructions): Instruction[] => list.filter((i) => i.keyword === keyword);

  it('exists', () => expect(existsSync(path)).toBe(true));

  it('builds in one stage and runs in another', () => expect(of('FROM').length).toBeGreaterThanOrEqual(2));

  it('compiles pkg and the service with tsc -b in the build stage', () => {
    expect(of('RUN').some((i) => i.stage < lastStage && i.args.includes(`tsc -b service.${service}`))).toBe(true);
  });

  it('installs production dependencies only in the runtime stage', () => {
    const installs = of('RUN', runtime).filter((i) => i.args.includes('npm ci'));
    expect(installs).toHaveLength(1);
    expect(installs[0]?.args).toContain('--omit=dev');
    expect(installs[0]?.args).toContain(`--workspace service.${service}`);
  });

  it('runs as a non-root user', () => {
    const users = of('USER', runtime).map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('copies only paths that exist in the repository', () => {
    const sources = of('COPY').flatMap((i) => copySources(i.args));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(source), source).toBe(true);
  });

  it("ships its own database's migrations, and only those", () => {
    const copied = of('COPY', runtime).flatMap((i) => copySources(i.args).filter((s) => s.startsWith('migrations')));
    const owns = (DATABASES as readonly string[]).includes(service);
    expect(copied).toEqual(owns ? [`migrations/${service}`] : []);
  });

  it('starts the compiled src/main.ts of the service from /app', () => {
    const { rootDir, outDir } = tsconfigOf(`service.${service}`).compilerOptions;
    const main = `service.${service}/${outDir}/main.js`;
    expect(existsSync(`service.${service}/${rootDir}/main.ts`)).toBe(true);
    expect(of('WORKDIR', runtime).at(-1)?.args).toBe('/app');
    expect(JSON.parse(of('CMD', runtime).at(-1)?.args ?? 'null')).toEqual(['node', main]);
    expect(of('COPY', runtime).some((i) => i.args.includes('--from=') && i.args.endsWith(`service.${service}/${outDir}`))).toBe(true);
  });

  it('defaults to the k8s stage and exposes the http and grpc ports', () => {
    expect(
      of('ENV', runtime)
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/\bSTAGE=config\/k8s\.yaml\b/);
    expect(of('EXPOSE', runtime).flatMap((i) => i.args.split(/\s+/))).toEqual(['8080', '9090']);
  });
});

describe('.dockerignore', () => {
  it('keeps local data, build output and installed packages out of the build context', () => {
    const patterns = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const pattern of ['.git', '.run', '**/node_modules', '**/dist']) expect(patterns).toContain(pattern);
  });
});
