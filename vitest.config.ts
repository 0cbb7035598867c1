import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkgSrc = fileURLToPath(new URL('./pkg/src/', import.meta.url));

// Projects run one after the other (groupOrder): unit, then integration, then e2e, so that the e2e processes
// do not compete with in-process integration servers for the two cores.
// Tests import the shared library from source, so `make test` never runs against a stale dist/.
const alias = [
  { find: /^@micro-ecommerce\/pkg\/gen\/(.*)$/, replacement: `${pkgSrc}gen/$1.ts` },
  { find: /^@micro-ecommerce\/pkg\/(.*)$/, replacement: `${pkgSrc}$1/index.ts` },
];

const ignored = ['**/node_modules/**', '**/dist/**', '.run/**'];

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['pkg/src/**/*.test.ts', 'service.*/src/**/*.test.ts', 'service.*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['pkg/src/**/*.int.test.ts', 'service.*/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          exclude: [...ignored, 'scripts/deploy/**'],
          globalSetup: ['scripts/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // The deploy manifests against a real kube-apiserver and istioctl (make kube-tools builds them); they
          // start their own API server and need none of the local infrastructure.
          name: 'deploy',
          sequence: { groupOrder: 1 },
          include: ['scripts/deploy/**/*.int.test.ts'],
          exclude: ignored,
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.test.ts'],
          // e2e runs the built services (dist/): `make test` builds first.
          exclude: ignored,
          globalSetup: ['scripts/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
