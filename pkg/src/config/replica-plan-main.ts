// The instance table of `make dev` (scripts/dev.sh), one line per process, fields separated by spaces:
//   node_flags <flag> ...                                                 Node.js flags of every process (first)
//   instance <name> <service> <slot> <ready url> <CONFIG__...=value> ...   every instance to start, slots from 0
//   gateway <CONFIG__REPLICAS__...=value> ...                             what the gateway needs to see every slot
//   replicas <customer=1,product=1,...>                                   the counts, for make rolling-restart
// from STAGE (default config/local.yaml) and REPLICAS (`order=2,cart=2`). Bash cannot compute the slot ports
// itself without a second copy of pkg/src/config/replica-addresses.ts, hence this small program.
import { loadConfig } from './load-config.js';
import { SERVICE_NODE_FLAGS } from './node-flags.js';
import { formatReplicas, replicaEnv, replicaInstances, replicaPlanSchema, replicasOf } from './replica-plan.js';

const pairs = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');

try {
  const { config } = loadConfig(replicaPlanSchema, { defaultStage: 'config/local.yaml' });
  const replicas = replicasOf(config);
  const lines = [
    `node_flags ${SERVICE_NODE_FLAGS.join(' ')}`,
    ...replicaInstances(config, replicas).map(
      (instance) => `instance ${instance.name} ${instance.service} ${instance.slot} ${instance.readyUrl} ${pairs(instance.env)}`,
    ),
  ];
  lines.push(`gateway ${pairs(replicaEnv(replicas))}`, `replicas ${formatReplicas(replicas)}`);
  console.log(lines.join('\n'));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
