// A real Kubernetes API server on loopback for the deploy checks: Debian's etcd and the kube-apiserver that
// scripts/kube/tools.sh builds. No controller manager, scheduler or kubelet: objects are stored and validated
// exactly as a cluster's API server would, but nothing runs (Pods stay Pending, Deployments make no Pods).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { KubeClient } from './kube-client.js';

/** Where scripts/kube/tools.sh links the binaries it built. */
export const KUBE_BIN_DIR = resolve('.run/bin');

export interface LocalCluster {
  client: KubeClient;
  /** A kubeconfig file for istioctl (current context = this API server, admin token). */
  kubeconfig: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });

const startProcess = (command: string, args: string[], logFile: string): ChildProcess => {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
};

const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });

const waitFor = async (what: string, timeoutMs: number, ready: () => Promise<boolean>, logFile: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
  throw new Error(`${what} not ready after ${timeoutMs} ms; last lines of ${logFile}:\n${tail}`);
};

/** Starts etcd and kube-apiserver in a fresh temporary directory (fresh data every time) on free ports. */
export const startLocalCluster = async (): Promise<LocalCluster> => {
  const apiserverBin = join(KUBE_BIN_DIR, 'kube-apiserver');
  if (!existsSync(apiserverBin)) throw new Error(`${apiserverBin} is missing: run \`bash scripts/kube/tools.sh install\` (make test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'micro-ecommerce-kube-'));
  const [etcdPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];

  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
  const etcdLog = join(dir, 'etcd.log');
  const etcd = startProcess(
    'etcd',
    [
      `--data-dir=${join(dir, 'etcd')}`,
      '--name=default',
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
    ],
    etcdLog,
  );
  await waitFor('etcd', 30_000, async () => (await fetch(`${etcdUrl}/health`)).ok, etcdLog);

  // The admin token belongs to system:masters, which RBAC lets do anything (as minikube's admin kubeconfig).
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin-uid,system:masters\n`);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));

  const apiLog = join(dir, 'kube-apiserver.log');
  const certDir = join(dir, 'certs');
  const apiserver = startProcess(
    apiserverBin,
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      // Addresses are only allocated, never reached: nothing routes to a ClusterIP here.
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      '--enable-priority-and-fairness=false',
    ],
    apiLog,
  );
  const server = `https://127.0.0.1:${apiPort}`;
  const caFile = join(certDir, 'apiserver.crt');
  let client: KubeClient | undefined;
  await waitFor(
    'kube-apiserver',
    90_000,
    async () => {
      // The serving certificate is self-signed and written at start: trust exactly it.
      if (!existsSync(caFile)) return false;
      client ??= new KubeClient(server, token, readFileSync(caFile));
      return (await client.request('GET', '/readyz')).status === 200;
    },
    apiLog,
  );

  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server, 'certificate-authority': caFile } }],
      users: [{ name: 'admin', user: { token } }],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'admin' } }],
      'current-context': 'local',
    }),
  );

  return {
    client: client!,
    kubeconfig,
    stop: async () => {
      await stopProcess(apiserver);
      await stopProcess(etcd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
