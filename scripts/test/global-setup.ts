// Runs once before the integration and e2e projects: the real servers must be up (`make infra-up`), and
// every database is migrated so that a test never meets a stale schema.
import net from 'node:net';
import { testConfig } from '../../pkg/src/testing/index.js';
import { DATABASES, migrateDatabase } from '../../pkg/src/postgres/index.js';

const reachable = (address: string): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = address.split(':');
    const socket = net.connect({ host, port: Number(port), timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

export default async function setup(): Promise<void> {
  const config = testConfig();
  const servers: Record<string, string> = {
    postgres: `${config.postgres.host}:${config.postgres.port}`,
    redis: new URL(config.redis.url).host,
    mongodb: new URL(config.mongodb.url).host,
    'rocketmq proxy': config.rocketmq.endpoints,
  };
  // Jaeger (OTLP/HTTP): the processes would export into the void and the Jaeger e2e test would wait in vain.
  if (config.telemetry.otlp_endpoint !== '') servers.jaeger = new URL(config.telemetry.otlp_endpoint).host;
  const down: string[] = [];
  for (const [name, address] of Object.entries(servers)) if (!(await reachable(address))) down.push(`${name} (${address})`);
  if (down.length > 0) throw new Error(`not reachable: ${down.join(', ')}. Start the local infrastructure with \`make infra-up\`.`);
  for (const database of DATABASES) await migrateDatabase({ config: config.postgres, database });
}
