// What Terraform makes of some infrastructure/*.tf files without a provider or a cluster: the files are copied
// into a throwaway directory, `terraform init -backend=false` and `terraform console` evaluate an expression,
// and the directory is removed. The data store tests (redis-users, rocketmq-acl) load their servers with it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

// Required variables without a default; stand-ins, as nothing secret is derived from them in these tests.
const STAND_INS = ['-var=postgres_password=stand-in', '-var=admin_accounts=[]'];

/** Evaluates `expression` (which must yield a JSON string, e.g. `nonsensitive(jsonencode(...))`) over `files`. */
export const evaluateTerraform = (files: readonly string[], expression: string): unknown => {
  const dir = mkdtempSync(join(tmpdir(), 'terraform-locals-'));
  try {
    for (const file of files) cpSync(join('infrastructure', file), join(dir, file));
    const init = spawnSync('terraform', [`-chdir=${dir}`, 'init', '-input=false', '-backend=false'], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`terraform init: ${init.stderr}`);
    const console = spawnSync('terraform', [`-chdir=${dir}`, 'console', ...STAND_INS], { encoding: 'utf8', input: `${expression}\n` });
    if (console.status !== 0) throw new Error(`terraform console: ${console.stderr}`);
    return JSON.parse(JSON.parse(console.stdout.trim()) as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A TCP port on loopback that nothing listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
