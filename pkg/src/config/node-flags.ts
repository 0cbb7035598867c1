/**
 * The Node.js flags every service process and the gateway start with: `make dev` (scripts/dev.sh, through the
 * replica plan), the launchers of the tests, the bench and the rolling restart (e2e/support/service-process.ts,
 * scripts/rolling-restart), and the container image (infrastructure/docker/Dockerfile, checked against this list
 * by scripts/deploy/dockerfiles.test.ts).
 *
 * `--max-semi-space-size=4` caps V8's young generation at two 4 MB semi-spaces. Left to itself, V8 grows it under
 * allocation pressure up to 64 MB per semi-space on a machine with this much memory, and keeps it: `make bench`
 * measured 90-170 MB more RSS per service after the checkout load without the cap. The cap costs some CPU (more
 * frequent scavenges): one run each at 4 / 8 / 16 MB gave 54 / 62 / 60 checkouts/s at 8 connections and 141-230 /
 * 149-209 / 169-248 MB (README "Benchmarks"); 4 is the one closest to the 150 MB goal.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
