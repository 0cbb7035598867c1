// Contract fuzzing: schemathesis (scripts/fuzz, installed by `make setup`) generates requests from each service's
// OpenAPI document, valid and invalid, sends them through the gateway with a customer's and an admin's token and
// runs every check: the status is documented, the body matches the documented schema, valid input is accepted,
// invalid input is refused, a method no route serves answers 405, no 5xx. Bounded: a fixed number of examples
// per operation and a fixed seed, so a failure reproduces with the command the test prints.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, newCustomer } from './support/api.js';
import { gatewayUrl, startSystem } from './support/system.js';

const SCHEMATHESIS = resolve('.run/venv/bin/schemathesis');
const CONFIG_FILE = resolve('scripts/fuzz/schemathesis.toml');
const SERVICES = ['customer', 'product', 'cart', 'order', 'payment'] as const;
const MAX_EXAMPLES = 15;
const SEED = 1;
// Each run's whole report, kept after the test for reading.
const REPORT_DIR = resolve('.run/contract-fuzz');

let system: Awaited<ReturnType<typeof startSystem>>;
let workDir: string;
const tokens: Record<'customer' | 'admin', string> = { customer: '', admin: '' };

beforeAll(async () => {
  if (!existsSync(SCHEMATHESIS)) throw new Error(`${SCHEMATHESIS} is missing: run \`make setup\` (scripts/fuzz/venv.sh)`);
  system = await startSystem();
  workDir = await mkdtemp(join(tmpdir(), 'contract-fuzz-'));
  await mkdir(REPORT_DIR, { recursive: true });
  tokens.customer = (await newCustomer('fuzz')).token;
  tokens.admin = await loginAdmin();
});

afterAll(async () => {
  await system?.stop();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  // The fuzzer's wrong passwords filled the per-IP login limit of 127.0.0.1; later tests log in from it too.
  const redis = new Redis(testConfig().redis.url);
  const keys = await redis.keys('customer:ratelimit:*');
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Runs schemathesis over one service's document with one token; resolves to its exit code and output. */
const fuzz = async (service: string, token: string): Promise<{ code: number; output: string; command: string }> => {
  const document = join(workDir, `${service}.json`);
  const res = await fetch(`${gatewayUrl}/docs/${service}/openapi.json`);
  expect(res.status).toBe(200);
  await writeFile(document, await res.text());
  const args = [
    '--config-file',
    CONFIG_FILE,
    'run',
    document,
    '--url',
    gatewayUrl,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    'all',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    String(SEED),
    '--request-timeout',
    '10',
    '--no-color',
  ];
  const command = [SCHEMATHESIS, ...args].map((a) => (a.startsWith('Authorization') ? "'Authorization: Bearer $TOKEN'" : a)).join(' ');
  try {
    const { stdout, stderr } = await promisify(execFile)(SCHEMATHESIS, args, { cwd: workDir, timeout: 120_000, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr, command };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, command };
  }
};

describe('every OpenAPI document tells the truth (schemathesis, all checks)', () => {
  for (const service of SERVICES)
    for (const role of ['customer', 'admin'] as const)
      it(`${service} with a ${role} token`, async () => {
        const { code, output, command } = await fuzz(service, tokens[role]);
        const report = join(REPORT_DIR, `${service}-${role}.log`);
        await writeFile(report, `${command}\n\n${output}`);
        // The report names each failure with a curl line that reproduces it.
        expect(code, `${command}\nwhole report: ${report}\n${output.slice(-6_000)}`).toBe(0);
        expect(output).toMatch(/passed/);
      });
});
