import type { Logger } from '@micro-ecommerce/pkg/logger';
import type pg from 'pg';
import type { OrderChangeFeed } from '../../../app/ports.js';
import { ORDER_CHANGES_CHANNEL } from './order-history-rows.js';

type Listener = { onChange: () => void; onClose: () => void };

/** The feed plus its shutdown: close() ends every subscription (onClose) and the listening connection. */
export interface OrderChangeListener extends OrderChangeFeed {
  close(): Promise<void>;
}

export interface OrderChangeListenerOptions {
  /** A new, unconnected client of the order database (a dedicated session: LISTEN belongs to one connection). */
  newClient: () => pg.Client;
  logger: Logger;
  /** Pause before reconnecting a lost listening connection. */
  retryMs?: number;
}

/**
 * One LISTEN session per process, fanning NOTIFYs out to the live streams of the order named in the payload.
 * A lost connection is reconnected, and then every stream is woken: notifications sent meanwhile are lost, but
 * a woken stream re-reads its order's history after the last row it sent, so nothing is missed. Starting
 * without the database only logs: streams still catch up on their periodic re-reads until the session is up.
 */
export const startOrderChangeListener = async (options: OrderChangeListenerOptions): Promise<OrderChangeListener> => {
  const { logger, retryMs = 1000 } = options;
  const listeners = new Map<string, Set<Listener>>();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const each = (fn: (listener: Listener) => void) => {
    for (const set of listeners.values()) for (const listener of set) fn(listener);
  };

  const lost = (which: pg.Client, error?: Error) => {
    if (closed || client !== which) return;
    logger.warn({ err: error }, 'order change listener lost its connection; reconnecting');
    client = undefined;
    which.end().catch(() => undefined);
    scheduleReconnect();
  };

  const connect = async () => {
    const next = options.newClient();
    next.on('notification', (message) => {
      if (message.channel !== ORDER_CHANGES_CHANNEL || message.payload === undefined) return;
      for (const listener of listeners.get(message.payload) ?? []) listener.onChange();
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${ORDER_CHANGES_CHANNEL}`);
    } catch (error) {
      next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };

  function scheduleReconnect() {
    retry = setTimeout(() => {
      connect()
        .then(() => {
          logger.info('order change listener reconnected');
          each((listener) => listener.onChange());
        })
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'order change listener could not reconnect; retrying');
          if (!closed) scheduleReconnect();
        });
    }, retryMs);
  }

  await connect().catch((error: unknown) => {
    logger.warn({ err: error }, 'order change listener could not connect; retrying');
    scheduleReconnect();
  });

  return {
    subscribe(orderId, listener) {
      const set = listeners.get(orderId) ?? new Set<Listener>();
      listeners.set(orderId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(orderId) === set) listeners.delete(orderId);
      };
    },

    async close() {
      closed = true;
      clearTimeout(retry);
      each((listener) => listener.onClose());
      listeners.clear();
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
};
