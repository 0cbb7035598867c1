import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { Redis } from 'ioredis';
import { endClientSpan, startClientSpan } from '../telemetry/index.js';

// db.system.name value for Redis; the constant is still in the incubating part of the conventions package.
const DB_SYSTEM_REDIS = 'redis';

type Command = Parameters<Redis['sendCommand']>[0];

/**
 * Gives every command `client` sends inside a span a CLIENT span named after the command (HGETALL, EVALSHA...),
 * including the commands of a MULTI or pipeline. Arguments (keys hold customer ids, values hold data) are
 * never recorded.
 */
export const traceRedis = (client: Redis): Redis => {
  const send = client.sendCommand.bind(client);
  // A command queued while offline is sent again once connected: one span covers both sends.
  const traced = new WeakSet<Command>();
  const attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_REDIS,
    [ATTR_DB_NAMESPACE]: String(client.options.db ?? 0),
    [ATTR_SERVER_ADDRESS]: client.options.host ?? 'localhost',
    [ATTR_SERVER_PORT]: client.options.port ?? 6379,
  };
  client.sendCommand = (command, stream) => {
    if (traced.has(command)) return send(command, stream);
    const operation = command.name.toUpperCase();
    const span = startClientSpan(operation, { ...attributes, [ATTR_DB_OPERATION_NAME]: operation });
    if (span !== undefined) {
      traced.add(command);
      command.promise.then(
        () => endClientSpan(span),
        (error: unknown) => endClientSpan(span, error),
      );
    }
    return send(command, stream);
  };
  return client;
};
