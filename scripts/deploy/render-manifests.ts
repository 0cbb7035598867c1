// Renders the Kubernetes and Istio manifests of the five services (`make manifests`):
//
//   infrastructure/manifests/services/<service>.yaml   ServiceAccount, Deployment (with the `migrate` init
//                                                      container for PostgreSQL users), Service, HPA, PDB
//   infrastructure/manifests/istio/routing.yaml        Gateway + the VirtualService built from config/routes.yaml
//   infrastructure/manifests/istio/destination-rules.yaml        mTLS, connection pool, outlier detection
//   infrastructure/manifests/istio/rate-limit.yaml               EnvoyFilter: routes.yaml's rate limits at the ingress
//   infrastructure/manifests/istio/body-limit.yaml               EnvoyFilter: the edge's body limit at the ingress
//   infrastructure/manifests/istio/peer-authentication.yaml      STRICT mTLS for the namespace
//   infrastructure/manifests/istio/ingress-auth.yaml              RequestAuthentication + token-required policy
//   infrastructure/manifests/istio/authorization-policies.yaml    who may call which gRPC method, per service
//   infrastructure/manifests/istio/data-store-policies.yaml       who may connect to each data store and the broker
//
// Inputs: config/routes.yaml (public routes and their auth), config/k8s.yaml (auth issuer/audience/JWKS URL),
// config/local.yaml (the gateway's upstream timeout), the ts-proto service definitions in pkg/src/gen (gRPC
// method paths), the caller table in grpc-callers.ts and the service profiles (which stores each one uses). The
// names shared with Terraform and the data store manifests are in deploy-contract.ts and platform-workloads.ts.
// The output is committed; manifests.test.ts fails when it drifts from what this script renders, and
// *.cross-checks.test.ts and data-store-access.test.ts compare it with the code and config.
//
// Run from the repository root after `npm run build` (imports the shared library's dist/):
//   npx tsx scripts/deploy/render-manifests.ts
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_DIRS, renderManifestFiles } from './manifest-files.js';

const files = renderManifestFiles();
// A file the generator no longer renders (a removed service) must not stay behind for Terraform to apply.
for (const dir of GENERATED_DIRS) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const path = join(dir, name);
    if (files.has(path)) continue;
    rmSync(path);
    console.log(`removed ${path}`);
  }
}
for (const [path, text] of files) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
