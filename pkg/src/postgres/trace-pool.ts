import { context } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type pg from 'pg';
import { endClientSpan, startClientSpan } from '../telemetry/index.js';

type QueryFn = (...args: unknown[]) => unknown;
type Callback = (error: Error | undefined, result: unknown) => void;

export interface PoolTarget {
  host: string;
  port: number;
  database: string;
}

// The leading keyword (SELECT, INSERT, BEGIN, WITH...) names the operation without parsing SQL.
const operationOf = (text: string): string => /^\s*([a-z]+)/i.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';

const textOf = (config: unknown): string | undefined =>
  typeof config === 'string' ? config : typeof config === 'object' && config !== null ? (config as { text?: string }).text : undefined;

const traceClient = (client: pg.PoolClient, target: PoolTarget): void => {
  const query = client.query.bind(client) as QueryFn;
  const traced: QueryFn = (...args) => {
    const text = textOf(args[0]);
    // Submittables (cursors, streams) report completion through their own events; they pass untraced.
    if (text === undefined || typeof (args[0] as { submit?: unknown }).submit === 'function') return query(...args);
    const operation = operationOf(text);
    // Only the SQL text, which holds $n placeholders: parameter values never reach a span.
    const span = startClientSpan(`${operation} ${target.database}`, {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      [ATTR_DB_NAMESPACE]: target.database,
      [ATTR_DB_OPERATION_NAME]: operation,
      [ATTR_DB_QUERY_TEXT]: text,
      [ATTR_SERVER_ADDRESS]: target.host,
      [ATTR_SERVER_PORT]: target.port,
    });
    if (span === undefined) return query(...args);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as Callback;
      args[last] = (error: Error | undefined, result: unknown) => {
        endClientSpan(span, error ?? undefined);
        callback(error, result);
      };
      return query(...args);
    }
    return (query(...args) as Promise<unknown>).then(
      (result) => {
        endClientSpan(span);
        return result;
      },
      (error: unknown) => {
        endClientSpan(span, error);
        throw error;
      },
    );
  };
  client.query = traced as typeof client.query;
};

/**
 * Gives every query of `pool` (pool.query and checked-out clients alike) a CLIENT span in the caller's trace.
 * Each new client gets a traced `query`; `connect` callbacks are bound to the caller's context, because the
 * pool hands a freed client to a waiting caller from inside whichever request released it.
 */
export const tracePool = (pool: pg.Pool, target: PoolTarget): pg.Pool => {
  pool.on('connect', (client) => traceClient(client, target));
  const connect = pool.connect.bind(pool) as (callback?: QueryFn) => unknown;
  pool.connect = ((callback?: QueryFn) =>
    callback === undefined ? connect() : connect(context.bind(context.active(), callback))) as typeof pool.connect;
  return pool;
};
