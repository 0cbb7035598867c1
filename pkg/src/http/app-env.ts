import type { Logger } from 'pino';

/** Hono context variables every service's routes can rely on. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Logger bound to this request's id. */
    log: Logger;
  };
}
