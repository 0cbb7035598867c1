import { readFileSync } from 'node:fs';
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { DRAIN_DELAY_MS, SHUTDOWN_TIMEOUT_MS } from '@micro-ecommerce/pkg/lifecycle';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { deploymentOf, PRE_STOP_SLEEP_SECONDS, TERMINATION_GRACE_SECONDS } from './deployment.js';
import { MANIFESTS_DIR } from './manifest-files.js';

// The rendered file, as Terraform applies it (manifests.test.ts keeps it equal to the generator's output).
const renderedDeployment = (service: string): any =>
  parseAllDocuments(readFileSync(`${MANIFESTS_DIR}/services/${service}.yaml`, 'utf8'))
    .map((doc) => doc.toJS())
    .find((doc) => doc?.kind === 'Deployment');

describe.each(SERVICE_NAMES)('the %s Deployment rolls without a failed request', (service) => {
  const spec = deploymentOf(service).spec!;
  const container = spec.template.spec!.containers[0]!;

  it('starts a new pod and waits for it to be ready before it stops an old one (maxUnavailable 0, maxSurge 1)', () => {
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(renderedDeployment(service).spec.strategy).toEqual(spec.strategy);
  });

  it('pauses before SIGTERM so that endpoints drop the pod first, with the native sleep action (no shell needed)', () => {
    expect(container.lifecycle?.preStop).toEqual({ sleep: { seconds: PRE_STOP_SLEEP_SECONDS } });
    expect(PRE_STOP_SLEEP_SECONDS).toBeGreaterThanOrEqual(3);
    expect(renderedDeployment(service).spec.template.spec.containers[0].lifecycle).toEqual(container.lifecycle);
  });

  it('gives the pause plus the whole drain time before the kubelet kills', () => {
    const grace = spec.template.spec!.terminationGracePeriodSeconds!;
    expect(grace).toBe(TERMINATION_GRACE_SECONDS);
    expect(grace).toBeGreaterThan(PRE_STOP_SLEEP_SECONDS + SHUTDOWN_TIMEOUT_MS / 1000);
    expect(SHUTDOWN_TIMEOUT_MS).toBeGreaterThan(DRAIN_DELAY_MS);
  });

  it('is ready by /readyz, which fails from the moment draining starts (pkg onShutdown)', () => {
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });
});
