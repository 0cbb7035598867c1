import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';

const LOG = '.run/logs/e2e-rocketmq-restart.log';

// One run of the infrastructure launcher, its output appended to LOG; rejects naming the exit code.
const launcher = (args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    mkdirSync('.run/logs', { recursive: true });
    const log = createWriteStream(LOG, { flags: 'a' });
    const child = spawn('bash', ['scripts/infra/infra.sh', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`infra.sh ${args.join(' ')} exited with ${code}; see ${LOG}`)),
    );
  });

/**
 * Stops the RocketMQ proxy (with the broker it embeds) and starts it again, the name server staying up; resolves
 * with how long it took, in ms. 'TERM' stops it gracefully (~30 s while clients are connected), 'KILL' crashes
 * it like a killed pod (the store recovers; consumer offsets may lag, so some events are delivered again).
 */
export const restartRocketmqProxy = async (how: 'TERM' | 'KILL'): Promise<number> => {
  const startedAt = Date.now();
  await launcher(['restart-rocketmq-proxy', how]);
  return Date.now() - startedAt;
};

/** Starts whatever part of RocketMQ is down (idempotent): a test that restarts the broker leaves it up. */
export const ensureRocketmqUp = (): Promise<void> => launcher(['up', 'rocketmq']);
