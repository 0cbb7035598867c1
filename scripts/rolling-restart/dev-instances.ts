import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  childEnv,
  replicaInstance,
  SERVICE_NODE_FLAGS,
  type ReplicaPlanConfig,
  type Replicas,
  type ServiceName,
} from '@micro-ecommerce/pkg/config';
import type { InstanceSlots } from './rolling-restart.js';

/** Where `make dev` (scripts/dev.sh) keeps its launch settings and one pid file per instance. */
export const DEV_RUN_DIR = '.run/dev';

export const pidFileOf = (service: string, slot: number) => `${DEV_RUN_DIR}/${service}-${slot}.pid`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `pid` is a live process (a zombie its parent has not reaped yet counts as gone). */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill -0 said it runs
  }
};

/** The pid recorded for a slot, if that process still runs. */
export const runningPidOf = (service: string, slot: number): number | undefined => {
  const file = pidFileOf(service, slot);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : undefined;
};

const waitForReady = async (url: string, pid: number, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) throw new Error(`the new instance (pid ${pid}) exited during start-up`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
};

/**
 * The instances of one service that `make dev` runs, as InstanceSlots: a new instance is a detached `node` with
 * the slot's env (its output in .run/dev/logs/<name>.log, since make dev's terminal belongs to another process),
 * recorded in its pid file; draining sends SIGTERM to the pid on file and waits for the exit.
 */
export const devInstances = (options: {
  config: ReplicaPlanConfig;
  stage: string;
  replicas: Replicas;
  service: ServiceName;
  startTimeoutMs?: number;
  exitTimeoutMs?: number;
  log: (line: string) => void;
}): InstanceSlots => ({
  start: async (slot) => {
    const instance = replicaInstance(options.config, options.replicas, options.service, slot);
    mkdirSync(`${DEV_RUN_DIR}/logs`, { recursive: true });
    const logFile = `${DEV_RUN_DIR}/logs/${instance.name}.log`;
    const output = openSync(logFile, 'a');
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, `service.${options.service}/dist/main.js`], {
      env: childEnv({ STAGE: options.stage, ...instance.env }),
      stdio: ['ignore', output, output],
      detached: true,
    });
    child.unref();
    const pid = child.pid!;
    writeFileSync(pidFileOf(options.service, slot), `${pid}\n`);
    options.log(`${instance.name}: pid ${pid}, http ${instance.httpPort}, grpc ${instance.grpcPort}, log ${logFile}`);
    try {
      await waitForReady(instance.readyUrl, pid, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
      rmSync(pidFileOf(options.service, slot), { force: true });
      throw error;
    }
  },
  drain: async (slot) => {
    const pid = runningPidOf(options.service, slot);
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + (options.exitTimeoutMs ?? 30_000);
      while (isRunning(pid)) {
        if (Date.now() > deadline) throw new Error(`pid ${pid} on slot ${slot} did not exit within its drain time`);
        await sleep(100);
      }
    }
    rmSync(pidFileOf(options.service, slot), { force: true });
  },
});
