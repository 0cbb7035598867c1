import type { Logger } from 'pino';

/** Adapts pino to the client's logger interface; the client is chatty, so its info goes to debug. */
export const clientLogger = (logger: Logger) => {
  const child = logger.child({ component: 'rocketmq-client' });
  return {
    debug: (...args: unknown[]) => child.debug(args.map(String).join(' ')),
    info: (...args: unknown[]) => child.debug(args.map(String).join(' ')),
    warn: (...args: unknown[]) => child.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => child.error(args.map(String).join(' ')),
  };
};
