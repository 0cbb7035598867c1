// `make demo` lists the demos; `make demo-<name>` runs one: bounded, loopback only, on the test stage, printing
// its evidence and stopping everything it started. Needs the local infrastructure (make infra-up, done by make).
import setup from '../test/global-setup.js';
import { breakerDemo } from './breaker.js';
import { cqrsDemo } from './cqrs.js';
import { dlqDemo } from './dlq.js';
import { ratelimitDemo } from './ratelimit.js';
import { rollingDemo } from './rolling.js';
import { scaleoutDemo } from './scaleout.js';
import { tccDemo } from './tcc.js';
import { txmsgDemo } from './txmsg.js';
import { narrator, type Demo } from './demo.js';

const DEMOS: readonly Demo[] = [tccDemo, txmsgDemo, dlqDemo, breakerDemo, ratelimitDemo, scaleoutDemo, rollingDemo, cqrsDemo];

const menu = () => {
  console.log('Demos (make demo-<name>; each starts what it needs, prints its evidence and cleans up):\n');
  for (const demo of DEMOS) console.log(`  make demo-${demo.name.padEnd(10)} ${demo.title}`);
};

const name = process.argv[2];
const demo = DEMOS.find((d) => d.name === name);
if (name === undefined || demo === undefined) {
  if (name !== undefined) console.error(`no demo named ${name}\n`);
  menu();
  process.exit(name === undefined ? 0 : 2);
}

const started = Date.now();
console.log(`demo-${demo.name}: ${demo.title}\n  code: ${demo.code}\n  test: ${demo.test}`);
try {
  await setup();
  await demo.run(narrator(), process.argv.slice(3));
  console.log(`\ndemo-${demo.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`\ndemo-${demo.name} failed:`, error);
  process.exitCode = 1;
}
