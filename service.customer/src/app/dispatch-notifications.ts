import type { NotificationOutbox, NotificationSender } from './ports.js';

/** What one dispatch pass did; `error` is the failure that ended it early, if any. */
export interface DispatchResult {
  sent: number;
  error?: unknown;
}

/**
 * Sends notifications that are written but not sent yet: right after the transaction that wrote them (`ids`),
 * and periodically for whatever a failed send or a crash between commit and send left behind (the oldest first).
 * A notification is marked sent after its send, so a crash in between sends it again at most once more (at
 * least once, never lost); two dispatchers never send the same one concurrently (the outbox holds it).
 * The first failure ends the pass: the transport is most likely down, and the next pass retries.
 */
export const makeDispatchNotifications =
  (deps: { outbox: NotificationOutbox; sender: NotificationSender; batchSize: number }) =>
  async (ids?: readonly string[]): Promise<DispatchResult> => {
    if (ids !== undefined && ids.length === 0) return { sent: 0 };
    const pending = await deps.outbox.unsent(ids?.length ?? deps.batchSize, ids);
    let sent = 0;
    for (const id of pending) {
      try {
        if (await deps.outbox.deliverOnce(id, (notification) => deps.sender.send(notification))) sent += 1;
      } catch (error) {
        return { sent, error };
      }
    }
    return { sent };
  };

export type DispatchNotifications = ReturnType<typeof makeDispatchNotifications>;
