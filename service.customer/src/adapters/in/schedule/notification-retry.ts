import { startPeriodic, type Periodic } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { DispatchNotifications } from '../../../app/dispatch-notifications.js';

/** The periodic outbox pass; stop() waits for a pass in progress. */
export type NotificationRetry = Periodic;

/**
 * Sends what is left unsent (a failed send, a crash between the commit and the send) once at start and then every
 * `intervalMs`. Passes never overlap; a failing pass is logged and the next one tries again.
 */
export const startNotificationRetry = (deps: { dispatch: DispatchNotifications; intervalMs: number; logger: Logger }): NotificationRetry =>
  startPeriodic({
    name: 'notification retry',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    run: async () => {
      const result = await deps.dispatch().catch((error: unknown) => ({ sent: 0, error }));
      if (result.sent > 0) deps.logger.info({ sent: result.sent }, 'sent notifications left unsent');
      if (result.error !== undefined)
        deps.logger.warn({ err: result.error, sent: result.sent }, 'sending unsent notifications failed; retrying later');
    },
  });
