// Service-to-service gRPC: every call in the code against the generated methods and the mesh's policies.
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';

import { describe, expect, it } from 'vitest';

import { GRPC_PORT, INGRESS_PRINCIPAL, ISTIO_NAMESPACE, NAMESPACE, servicePrincipal } from './deploy-contract.js';
import { generatedMethods, scanGrpcCalls, scanGrpcClients } from './grpc-client-scan.js';

import { isAllowed, policiesFor, type MeshRequest } from './policy-decision.js';

import { k8sStage, manifests } from './cross-check-support.js';

const clients = scanGrpcClients();
const calls = scanGrpcCalls();
const methods = await generatedMethods();
const methodPaths = new Map([...methods].map(([service, byName]) => [service, [...byName.values()].sort()]));
const pathOfCall = (call: { client: string; method: string }) => methods.get(call.client)?.get(call.method);

describe('service-to-service gRPC', () => {
  const everyone: (string | undefined)[] = [
    ...SERVICE_NAMES.map(servicePrincipal),
    INGRESS_PRINCIPAL,
    'cluster.local/ns/default/sa/default',
    undefined,
  ];
  // The services whose code calls the method at `path` (client.call('<method>', ...)).
  const callersOf = (path: string) => new Set(calls.filter((c) => pathOfCall(c) === path).map((c) => servicePrincipal(c.caller)));
  const allowedOn = (service: string, request: Omit<MeshRequest, 'principal'>) =>
    new Set(
      everyone.filter((principal) =>
        isAllowed(policiesFor(manifests, NAMESPACE, { app: service }, ISTIO_NAMESPACE), { ...request, principal }),
      ),
    );

  it('finds the clients and the methods called on them in the code', () => {
    expect(clients.map((c) => `${c.caller}→${c.client}@${c.target}`)).toContain('order→StockService@product');
    expect(calls.map((c) => `${c.caller}→${c.client}.${c.method}`)).toEqual(
      expect.arrayContaining(['order→StockService.tryReserve', 'order→StockService.confirmReserve', 'order→StockService.cancelReserve']),
    );
  });

  it.each(calls.map((c) => [`${c.caller} → ${c.client}.${c.method}`, c] as const))('%s names a generated method', (_, call) => {
    expect(pathOfCall(call), `${call.file}: no method ${call.method} on ${call.client}Client`).toBeDefined();
  });

  it.each(calls.map((c) => [`${c.caller} → ${c.client}.${c.method}`, c] as const))(
    "%s is made on a client the service builds for the method's service",
    (_, call) => {
      expect(clients.filter((c) => c.caller === call.caller).map((c) => c.client)).toContain(call.client);
    },
  );

  it.each(clients.map((c) => [`${c.caller} → ${c.client} on ${c.target}`, c] as const))(
    '%s: each method allowed to exactly the services whose code calls it',
    (_, client) => {
      const paths = methodPaths.get(client.client);
      expect(paths, `no generated ${client.client}Client`).toBeDefined();
      for (const path of paths!) {
        expect(allowedOn(client.target, { path, port: GRPC_PORT, method: 'POST' }), path).toEqual(callersOf(path));
      }
    },
  );

  it('allows no one a gRPC method no code calls, on any service', () => {
    const called = new Set(calls.map(pathOfCall));
    const uncalled = [...methodPaths.values()].flat().filter((p) => !called.has(p));
    // TryReserve is called, GetCustomer-like methods of CustomerService are not: the check has both kinds.
    expect(uncalled.length).toBeGreaterThan(0);
    for (const path of uncalled) {
      for (const service of SERVICE_NAMES)
        expect(allowedOn(service, { path, port: GRPC_PORT, method: 'POST' }), `${path} on ${service}`).toEqual(new Set());
    }
  });

  it('lets every workload fetch the JWKS over http (each service verifies tokens)', () => {
    const jwks = new URL(k8sStage.auth.jwks_url);
    const allowed = allowedOn(jwks.hostname, { path: jwks.pathname, port: Number(jwks.port), method: 'GET' });
    for (const service of SERVICE_NAMES) expect(allowed).toContain(servicePrincipal(service));
  });
});
