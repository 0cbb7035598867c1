// `make rolling-restart svc=<service>`: replaces the instances of one service of a running `make dev`, one by one,
// with no failed request (README "Replicas and rolling restarts"):
//   npx tsx scripts/rolling-restart/main.ts <service> [settle ms]
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, parseReplicas, replicaPlanSchema, SERVICE_NAMES, type ServiceName } from '@micro-ecommerce/pkg/config';
import { DEV_RUN_DIR, devInstances, runningPidOf } from './dev-instances.js';
import { rollingRestart, settleMsOf } from './rolling-restart.js';

const fail = (message: string): never => {
  console.error(`rolling-restart: ${message}`);
  process.exit(2);
};

const service = process.argv[2] as ServiceName;
if (!SERVICE_NAMES.includes(service)) fail(`usage: make rolling-restart svc=<one of ${SERVICE_NAMES.join(', ')}> [settle_ms=N]`);

// What scripts/dev.sh started with: its stage and the replica counts every process was told.
const launchFile = `${DEV_RUN_DIR}/launch`;
if (!existsSync(launchFile)) fail(`${launchFile} is missing: is make dev running?`);
const launch = Object.fromEntries(
  readFileSync(launchFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const stage = launch.STAGE ?? fail(`${launchFile} names no STAGE`);
const replicas = parseReplicas(launch.REPLICAS ?? '');
const count = replicas[service];
const { config } = loadConfig(replicaPlanSchema, { stage, env: {} });

const missing = Array.from({ length: count }, (_, slot) => slot).filter((slot) => runningPidOf(service, slot) === undefined);
if (missing.length > 0)
  fail(`no running ${service} on slot(s) ${missing.join(', ')} (${DEV_RUN_DIR}/${service}-<slot>.pid): is make dev running?`);
if (runningPidOf(service, count) !== undefined) fail(`the spare slot ${count} of ${service} is taken: another rolling restart running?`);

const settleMs = process.argv[3] === undefined || process.argv[3] === '' ? settleMsOf(service) : Number(process.argv[3]);
const log = (line: string) => console.log(`[rolling-restart ${service}] ${line}`);
const started = Date.now();
log(`${count} instance(s); the gateway sends only to ready ones, each old one drains after SIGTERM`);
try {
  await rollingRestart(devInstances({ config, stage, replicas, service, log }), { replicas: count, settleMs, log });
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  fail((error as Error).message);
}
