import type { z } from 'zod';
import type { rocketmqSchema } from '../config/index.js';

/**
 * The broker's name of a topic or consumer group in this stage: `<namespace>_<name>`, or the name itself when
 * the namespace is empty (local and production). The producer and consumer apply it themselves instead of
 * handing the namespace to rocketmq-client-nodejs: 1.0.8 leaves it out of route queries and consumer groups, and
 * the proxy then looks for the plain names. Not RocketMQ's own `<namespace>%<name>` form either: the proxy strips
 * that prefix in places (transaction check-backs never reached the producer).
 */
export const stageName = (config: z.infer<typeof rocketmqSchema>, name: string): string =>
  config.namespace === '' ? name : `${config.namespace}_${name}`;
