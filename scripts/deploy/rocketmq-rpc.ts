// The RPCs of the RocketMQ proxy's gRPC API (apache.rocketmq.v2.MessagingService) that rocketmq-client-nodejs
// makes for what our pkg/src/rocketmq does with it: every client keeps a session, producers publish, push
// consumers receive. The proxy's policy (data-store-access.ts) grants each service the RPCs of its role only, so
// a service that never publishes (cart) cannot publish on any topic. rocketmq-rpc.test.ts compares these lists
// with the calls in the library's client, producer and push consumer code.

const PATH_PREFIX = '/apache.rocketmq.v2.MessagingService/';

/** Every client: routes, heartbeats, the telemetry stream (settings, transaction check-backs) and the goodbye. */
export const SESSION_RPCS = ['QueryRoute', 'Heartbeat', 'Telemetry', 'NotifyClientTermination'] as const;

/**
 * Publishing, transactional included. Not RecallMessage (a delay message's recall): the producer class offers it,
 * our EventProducer never calls it.
 */
export const PUBLISH_RPCS = ['SendMessage', 'EndTransaction'] as const;

/** A push consumer: its queues, long polls, acknowledgements, retries' back-off, and dead-lettering. */
export const CONSUME_RPCS = [
  'QueryAssignment',
  'ReceiveMessage',
  'AckMessage',
  'ChangeInvisibleDuration',
  'ForwardMessageToDeadLetterQueue',
] as const;

/** The gRPC paths of RPC names, sorted. */
export const rpcPaths = (...groups: readonly (readonly string[])[]): string[] =>
  groups
    .flat()
    .map((rpc) => `${PATH_PREFIX}${rpc}`)
    .sort();
