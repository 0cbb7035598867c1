import type { Span } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { endClientSpan, startClientSpan } from '../telemetry/index.js';

// db.system.name value for MongoDB; the constant is still in the incubating part of the conventions package.
const DB_SYSTEM_MONGODB = 'mongodb';

const serverOf = (address: string) => {
  const colon = address.lastIndexOf(':');
  return colon < 0
    ? { [ATTR_SERVER_ADDRESS]: address }
    : { [ATTR_SERVER_ADDRESS]: address.slice(0, colon).replace(/^\[|\]$/g, ''), [ATTR_SERVER_PORT]: Number(address.slice(colon + 1)) };
};

const startSpan = (event: CommandStartedEvent): Span | undefined => {
  // Collection commands name their collection as the command's value ({ find: 'products', filter: ... }).
  const target: unknown = event.command[event.commandName];
  const collection = typeof target === 'string' ? target : undefined;
  // The command document holds filters and documents, i.e. data: only its name and target are recorded.
  return startClientSpan(`${event.commandName} ${collection ?? event.databaseName}`, {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_MONGODB,
    [ATTR_DB_NAMESPACE]: event.databaseName,
    [ATTR_DB_OPERATION_NAME]: event.commandName,
    ...(collection === undefined ? {} : { [ATTR_DB_COLLECTION_NAME]: collection }),
    ...serverOf(event.address),
  });
};

interface WriteProblem {
  code?: number;
  errmsg?: string;
}

// A write refused per document (duplicate key...) still answers ok: 1, so the driver reports the command as
// succeeded; the caller sees an error, and so should the span.
const writeFailureOf = (reply: unknown): Error | undefined => {
  const { writeErrors, writeConcernError } = (reply ?? {}) as { writeErrors?: WriteProblem[]; writeConcernError?: WriteProblem };
  const problem = writeErrors?.[0] ?? writeConcernError;
  if (problem === undefined) return undefined;
  return Object.assign(new Error(problem.errmsg ?? 'write failed'), { name: 'MongoWriteError', code: problem.code });
};

/**
 * Gives every command `client` sends inside a span a CLIENT span (find, insert, aggregate...), from the
 * driver's command monitoring: the started event fires synchronously in the caller's context, and its
 * requestId pairs it with the succeeded or failed event. The client must be created with monitorCommands.
 */
export const traceMongo = (client: MongoClient): MongoClient => {
  const open = new Map<number, Span>();
  client.on('commandStarted', (event) => {
    const span = startSpan(event);
    if (span !== undefined) open.set(event.requestId, span);
  });
  client.on('commandSucceeded', (event) => {
    endClientSpan(open.get(event.requestId), writeFailureOf(event.reply));
    open.delete(event.requestId);
  });
  client.on('commandFailed', (event) => {
    endClientSpan(open.get(event.requestId), event.failure);
    open.delete(event.requestId);
  });
  return client;
};
