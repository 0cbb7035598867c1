import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { childEnv, SERVICE_NODE_FLAGS } from '@micro-ecommerce/pkg/config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200, or fails after `timeoutMs` naming what did not come up. */
export const waitForOk = async (url: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
};

/**
 * One real service process (`node <entry>` with STAGE=`stage`, config/test.yaml unless told), its output appended
 * to .run/logs/e2e-<name>.log. Stopping sends SIGTERM and waits for the exit, as Kubernetes would.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly entry: string,
    readonly readyUrl: string,
    private readonly stage = 'config/test.yaml',
    /** CONFIG__* overrides of every run, e.g. a replica's ports (pkg replicaInstance). */
    private readonly baseEnv: Record<string, string> = {},
  ) {}

  /** Starts the process; `env` adds overrides (e.g. CONFIG__SERVICES__ORDER__CRASH_AT) for this run only. */
  async start(env: Record<string, string> = {}): Promise<void> {
    mkdirSync('.run/logs', { recursive: true });
    const log = createWriteStream(`.run/logs/e2e-${this.name}.log`, { flags: 'a' });
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, this.entry], {
      env: childEnv({ STAGE: this.stage, ...this.baseEnv, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`${this.name} exited with ${code} during start-up; see .run/logs/e2e-${this.name}.log`)),
      ),
    );
    await Promise.race([waitForOk(this.readyUrl), exited]);
  }

  /** Resolves with the exit code once the process has exited on its own (a crash point); rejects after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<number | null> {
    const child = this.child;
    if (child === undefined) throw new Error(`${this.name} was never started`);
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The process id while it runs (a test may signal it directly). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** Whether the process was started and has not exited yet. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  }
}
