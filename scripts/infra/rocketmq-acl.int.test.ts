// The cluster's broker ACL as the cluster gets it: a throwaway name server, broker and proxy (cluster mode) on
// loopback, started by the commands and with the settings of infrastructure/manifests/platform/rocketmq.yaml
// (ports and paths moved here), the rocketmq-topics Job's own script run against them with the users of
// rocketmq-users.tf, then pkg's EventProducer and EventConsumer signed in as each service. Each service may
// publish to its own topic only and consume what it subscribes to; a wrong password gets nothing. The JVMs come
// from the local RocketMQ's jars (`make infra-up`); skipped without terraform on PATH.
import { childEnv } from '@micro-ecommerce/pkg/config';
import { createEvent, EventConsumer, EventProducer, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { waitUntil } from '@micro-ecommerce/pkg/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { evaluateTerraform, freePort, hasTerraform } from './terraform-locals.js';

const logger = pino({ level: 'silent' });
const PLATFORM = 'infrastructure/manifests/platform';
const VERSION = /<rocketmq.version>(.*)<\/rocketmq.version>/.exec(readFileSync('scripts/rocketmq/pom.xml', 'utf8'))![1]!;
const LIB = resolve(`.run/rocketmq/lib-${VERSION}`);

const manifests = (file: string): any[] => parseAllDocuments(readFileSync(join(PLATFORM, file), 'utf8')).map((document) => document.toJS());
const find = (docs: any[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
const scriptOf = (workload: any): string => workload.spec.template.spec.containers[0].command.at(-1);
const lines = (text: string): string[][] =>
  text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] !== '');

const platform = manifests('rocketmq.yaml');
const topicsJob = manifests('rocketmq-topics.yaml');
const { 'broker.conf': brokerConf, 'rmq-proxy.json': proxyJson } = find(platform, 'ConfigMap', 'rocketmq-config').data;
const lists = find(topicsJob, 'ConfigMap', 'rocketmq-topics').data as Record<'topics' | 'groups' | 'acls', string>;
const TOPIC_TYPES = new Map(lines(lists.topics).map(([topic, type]) => [topic!, type!]));
/** Per user: the topics it may publish to, and the topics and groups it may consume. */
const GRANTS = new Map<string, { pub: string[]; subTopics: string[]; subGroups: string[] }>();
for (const [user, action, resources] of lines(lists.acls)) {
  const grant = GRANTS.get(user!) ?? { pub: [], subTopics: [], subGroups: [] };
  const named = (kind: string) =>
    resources!
      .split(',')
      .filter((r) => r.startsWith(`${kind}:`))
      .map((r) => r.slice(kind.length + 1));
  if (action === 'Pub') grant.pub.push(...named('Topic'));
  if (action === 'Sub') {
    grant.subTopics.push(...named('Topic'));
    grant.subGroups.push(...named('Group'));
  }
  GRANTS.set(user!, grant);
}

// The JVM options of scripts/infra/rocketmq.sh: JDK 17 module openings, logs and state inside `home`.
const javaOptions = (home: string, log: string) =>
  [
    '-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED',
    '--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Dtls.server.mode=disabled',
    `-Duser.home=${home} -Drocketmq.home.dir=${home} -Djava.io.tmpdir=${home}/tmp`,
    `-Drmq.logback.configurationFile=${resolve('scripts/rocketmq/logback.xml')} -Drmq.log.file=${log}`,
  ].join(' ');

const portAnswers = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });

const waitFor = async (what: string, ready: () => Promise<boolean>, seconds: number, explain = () => '') => {
  for (const until = Date.now() + seconds * 1000; !(await ready()); await new Promise((r) => setTimeout(r, 250)))
    if (Date.now() > until) throw new Error(`${what} not ready after ${seconds} s\n${explain()}`);
};

describe.skipIf(!hasTerraform)('the broker ACL of rocketmq.yaml, the topics Job and rocketmq-users.tf', () => {
  let dir: string;
  let passwords: Record<string, string>;
  let endpoints: string;
  const servers: ChildProcess[] = [];
  const clients: { stop(): Promise<void> }[] = [];

  const configOf = (user: string, password = passwords[user]!) => ({
    endpoints,
    namespace: '',
    access_key: user,
    secret_key: password,
  });

  /** A producer signed in as `user` for `topic`, started (or the start's error). */
  const producerAs = async (user: string, topic: string, password?: string) => {
    // A checker as the services have one: the half message's commit is not awaited, a check-back settles it.
    const producer = new EventProducer({ config: configOf(user, password), topics: [topic], checker: async () => 'COMMIT', logger });
    clients.push(producer);
    // A client whose start was refused is shut down at once, while the proxy still answers its goodbye.
    await producer.start().catch(async (error: unknown) => {
      await producer.stop().catch(() => undefined);
      throw error;
    });
    return producer;
  };

  /** Publishes one event the way the services do: in a transaction on a transactional topic. */
  const send = async (producer: EventProducer, topic: string, event: EventEnvelope) => {
    if (TOPIC_TYPES.get(topic) === 'TRANSACTION') await producer.publishInTransaction(topic, event, [event.id], async () => undefined);
    else await producer.publish(topic, event, [event.id]);
  };

  const publishAs = async (user: string, topic: string, event: EventEnvelope, password?: string) =>
    send(await producerAs(user, topic, password), topic, event);

  // One of the JVMs: `bin/<command>` runs `main` with the jars of the local RocketMQ.
  const shim = (command: string, main: string, heap: string) => {
    const log = join(dir, 'logs', `${command}.log`);
    writeFileSync(
      join(dir, 'bin', command),
      `#!/bin/sh\nexec java -Xms64m ${heap} ${javaOptions(join(dir, 'home'), log)} -cp '${LIB}/*' ${main} "$@"\n`,
    );
    chmodSync(join(dir, 'bin', command), 0o755);
  };

  // A container's shell script run here: its paths moved into `dir`, its `sh mq...` from `dir`/bin, its output
  // in `dir`/logs/<name>.out.
  const run = (name: string, script: string, env: Record<string, string>) => {
    const out = openSync(join(dir, 'logs', `${name}.out`), 'w');
    return spawn('bash', ['-c', script.replaceAll('/tmp/', `${dir}/`).replaceAll('/etc/rocketmq/', `${dir}/etc/`)], {
      cwd: join(dir, 'bin'),
      env: childEnv({ ...env, ROCKETMQ_HOME: join(dir, 'home') }),
      stdio: ['ignore', out, out],
      // Its own process group, so that the JVM it leaves running is killed with it (afterAll).
      detached: true,
    });
  };
  const outputOf = (name: string) => readFileSync(join(dir, 'logs', `${name}.out`), 'utf8');

  beforeAll(async () => {
    let userLines: string;
    ({ passwords, users: userLines } = evaluateTerraform(
      ['variables.tf', 'rocketmq-users.tf'],
      'nonsensitive(jsonencode({ passwords = local.rocketmq_passwords, users = local.rocketmq_user_lines }))',
    ) as { passwords: Record<string, string>; users: string });
    dir = mkdtempSync(join(tmpdir(), 'rocketmq-acl-'));
    for (const sub of ['bin', 'etc', 'home/conf', 'home/tmp', 'logs', 'store']) mkdirSync(join(dir, sub), { recursive: true });
    const [namesrv, grpc, remoting] = [await freePort(), await freePort(), await freePort()];
    // The broker also listens on its port - 2 and + 1.
    let broker = await freePort();
    while (!(await Promise.all([broker - 2, broker + 1].map(async (p) => !(await portAnswers(p))))).every(Boolean))
      broker = await freePort();

    const env = { POD_IP: '127.0.0.1', ROCKETMQ_ADMIN_PASSWORD: passwords.admin! };
    writeFileSync(
      join(dir, 'etc', 'broker.conf'),
      `${brokerConf
        .replace(/^namesrvAddr=.*$/m, `namesrvAddr=127.0.0.1:${namesrv}`)
        .replace(/^listenPort=.*$/m, `listenPort=${broker}\nhaListenPort=${broker + 1}\nbindAddress=127.0.0.1`)
        .replaceAll('/home/rocketmq/store', join(dir, 'store'))}`,
    );
    writeFileSync(
      join(dir, 'etc', 'rmq-proxy.json'),
      JSON.stringify({ ...JSON.parse(proxyJson), namesrvAddr: `127.0.0.1:${namesrv}`, grpcServerPort: grpc, remotingListenPort: remoting }),
    );
    writeFileSync(join(dir, 'etc', 'users'), userLines);
    for (const list of ['topics', 'groups', 'acls'] as const) writeFileSync(join(dir, 'etc', list), lists[list]);
    shim('mqnamesrv', 'org.apache.rocketmq.namesrv.NamesrvStartup', '-Xmx128m');
    shim('mqbroker', 'org.apache.rocketmq.broker.BrokerStartup', '-Xmx384m -XX:MaxDirectMemorySize=128m');
    shim('mqproxy', 'org.apache.rocketmq.proxy.ProxyStartup', '-Xmx256m -XX:MaxDirectMemorySize=128m');
    shim('mqadmin', 'org.apache.rocketmq.tools.command.MQAdminStartup', '-Xmx128m');

    writeFileSync(join(dir, 'etc', 'namesrv.conf'), `listenPort=${namesrv}\nbindAddress=127.0.0.1\n`);
    servers.push(run('namesrv', 'exec sh mqnamesrv -c /etc/rocketmq/namesrv.conf', env));
    await waitFor(
      'name server',
      () => portAnswers(namesrv),
      60,
      () => outputOf('namesrv'),
    );
    servers.push(run('broker', scriptOf(find(platform, 'StatefulSet', 'rocketmq-broker')), env));
    // The proxy exits when the broker has not registered at the name server yet: started again, as its pod is.
    const proxyScript = scriptOf(find(platform, 'Deployment', 'rocketmq-proxy'));
    let proxy = run('proxy', proxyScript, env);
    await waitFor(
      'proxy',
      async () => {
        if (proxy.exitCode !== null) proxy = run('proxy', proxyScript, env);
        return portAnswers(grpc);
      },
      120,
      () => outputOf('broker') + outputOf('proxy'),
    );
    servers.push(proxy);
    endpoints = `127.0.0.1:${grpc}`;

    const jobScript = scriptOf(find(topicsJob, 'Job', 'rocketmq-topics')).replaceAll('rocketmq-namesrv:9876', `127.0.0.1:${namesrv}`);
    const status = await new Promise<number | null>((done) => run('job', jobScript, env).once('exit', done));
    expect(status, `the topics Job's script:\n${outputOf('job')}`).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.stop().catch(() => undefined)));
    for (const { pid } of servers) {
      try {
        process.kill(-pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('grants every service publishing to its own topics only', async () => {
    const attempts = [...GRANTS].flatMap(([user, { pub }]) =>
      [...TOPIC_TYPES.keys()].map(async (topic) => {
        const refusal = await publishAs(user, topic, createEvent('AclProbe', user, { topic })).then(
          () => undefined,
          (error: Error) => error.message,
        );
        if (refusal === undefined) return `${user} ${pub.includes(topic) ? 'as granted' : 'PUBLISHED'} ${topic}`;
        // Refused at the proxy: either the route query or the send says the user has no permission.
        const denied = /no permission|Failed to fetch topic routes/.test(refusal);
        return `${user} ${pub.includes(topic) ? 'REFUSED' : denied ? 'as granted' : 'FAILED'} ${topic}: ${refusal}`;
      }),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => !outcome.includes('as granted'))).toEqual([]);
    // The forgeries the ACL exists for: commissions only from customer, shipments only from order.
    expect(GRANTS.get('customer')!.pub).toEqual(['customer-events']);
    expect(GRANTS.get('order')!.pub).toEqual(['order-events']);
  }, 180_000);

  it('delivers to every granted consumer group what the owners publish', async () => {
    const received = new Set<string>();
    for (const [user, { subTopics, subGroups }] of GRANTS)
      for (const group of subGroups) {
        const consumer = new EventConsumer({
          config: configOf(user),
          group,
          subscriptions: Object.fromEntries(subTopics.map((topic) => [topic, '*'])),
          handler: async (_event, { topic }) => void received.add(`${group} ${topic}`),
          logger,
        });
        clients.push(consumer);
        await consumer.start();
      }
    const expected = [...GRANTS.values()].flatMap(({ subTopics, subGroups }) =>
      subGroups.flatMap((group) => subTopics.map((topic) => `${group} ${topic}`)),
    );
    // A new group starts at the newest offset once it first polls: the owners publish until every group has one.
    const owners = await Promise.all(
      [...TOPIC_TYPES.keys()].map(async (topic) => {
        const [owner] = [...GRANTS].find(([, { pub }]) => pub.includes(topic))!;
        return [topic, await producerAs(owner, topic)] as const;
      }),
    );
    // Up to two minutes: three JVMs and six consumers' long polls share two cores here.
    for (const until = Date.now() + 120_000; Date.now() < until && !expected.every((delivery) => received.has(delivery));) {
      for (const [topic, producer] of owners) await send(producer, topic, createEvent('AclProbe', 'owner', { topic }));
      await waitUntil(async () => expected.every((delivery) => received.has(delivery)), 3000);
    }
    expect(expected.filter((delivery) => !received.has(delivery))).toEqual([]);
  }, 200_000);

  it('refuses a wrong password and a consumer outside its grants', async () => {
    // The proxy answers both before any route is handed out: the client gives up after its three route queries.
    await expect(publishAs('customer', 'customer-events', createEvent('AclProbe', 'customer', {}), 'not-the-password')).rejects.toThrow(
      /Failed to fetch topic routes/,
    );
    const outsider = new EventConsumer({
      config: configOf('order'),
      group: 'payment-service',
      subscriptions: { 'customer-events': '*' },
      handler: async () => undefined,
      logger,
    });
    clients.push(outsider);
    await expect(outsider.start()).rejects.toThrow(/Failed to fetch topic routes/);
    await outsider.stop().catch(() => undefined);
  }, 60_000);
});
