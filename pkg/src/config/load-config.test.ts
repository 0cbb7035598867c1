import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, listenSchema, postgresSchema } from './index.js';

const schema = z.object({
  postgres: postgresSchema,
  services: z.object({ cart: z.strictObject({ http: listenSchema, enabled: z.boolean() }) }),
});

const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let stages = 0;
const writeStage = (yaml: string): string => {
  const path = join(dir, `stage-${(stages += 1)}.yaml`);
  writeFileSync(path, yaml);
  return path;
};

const valid = `
postgres: { host: 127.0.0.1, port: 5432, user: postgres, password: "", pool_max: 5, database_suffix: "" }
services:
  cart: { http: { host: 127.0.0.1, port: 8103 }, enabled: true }
other_service: { anything: goes }
`;

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('loads and validates the stage named by STAGE', () => {
    const { config } = loadConfig(schema, { env: { STAGE: writeStage(valid) } });
    expect(config.services.cart.http.port).toBe(8103);
    expect(config.postgres.pool_max).toBe(5);
  });

  it('lets an environment variable win over the YAML, typed like the YAML value', () => {
    const { config, overriddenKeys } = loadConfig(schema, {
      env: {
        STAGE: writeStage(valid),
        CONFIG__SERVICES__CART__HTTP__PORT: '9000',
        CONFIG__SERVICES__CART__ENABLED: 'false',
        CONFIG__POSTGRES__PASSWORD: '123',
      },
    });
    expect(config.services.cart.http.port).toBe(9000);
    expect(config.services.cart.enabled).toBe(false);
    expect(config.postgres.password).toBe('123');
    expect(overriddenKeys).toEqual(['services.cart.http.port', 'services.cart.enabled', 'postgres.password']);
  });

  it('reports every missing, invalid and unknown key in one error', () => {
    const broken = `
postgres: { host: 127.0.0.1, port: "5432", user: postgres, pool_max: 5, database_suffix: "", pasword: x }
services:
  cart: { http: { host: 127.0.0.1, port: 70000 } }
`;
    const problems = problemsOf(() => loadConfig(schema, { env: { STAGE: writeStage(broken) } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^postgres\.port: .*number/),
        'postgres.password: missing',
        'postgres.pasword: unknown key',
        expect.stringMatching(/^services\.cart\.http\.port: /),
        'services.cart.enabled: missing',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names an override that breaks the type', () => {
    const problems = problemsOf(() =>
      loadConfig(schema, { env: { STAGE: writeStage(valid), CONFIG__SERVICES__CART__HTTP__PORT: 'eighty' } }),
    );
    expect(problems).toEqual([expect.stringMatching(/^services\.cart\.http\.port: /)]);
  });

  it('explains a missing STAGE and an unreadable file', () => {
    expect(problemsOf(() => loadConfig(schema, { env: {} }))[0]).toMatch(/STAGE is not set/);
    expect(problemsOf(() => loadConfig(schema, { env: { STAGE: '/nonexistent/stage.yaml' } }))[0]).toMatch(/cannot read file/);
  });

  it('validates the committed stage files against the shared infrastructure schema', async () => {
    const { infraConfigSchema } = await import('./schemas.js');
    for (const stage of ['config/local.yaml', 'config/test.yaml']) {
      expect(() => loadConfig(infraConfigSchema, { env: { STAGE: stage } })).not.toThrow();
    }
  });
});
