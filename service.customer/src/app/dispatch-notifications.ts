import type { DeliveryResult, NotificationOutbox, NotificationSender } from './ports.js';

/**
 * Sends notifications that are written but not sent yet: right after the transaction that wrote them (`ids`),
 * and periodically for whatever a failed send or a crash between commit and send left behind (the oldest first,
 * `batchSize` at a time). One transaction holds a pass's notifications and marks them sent after their sends, so a
 * crash in the middle sends that pass's notifications again (at least once, never lost); two dispatchers never send
 * the same one concurrently. The first failure ends the pass: the transport is most likely down, and the next pass
 * retries.
 */
export const makeDispatchNotifications =
  (deps: { outbox: NotificationOutbox; sender: NotificationSender; batchSize: number }) =>
  async (ids?: readonly string[]): Promise<DeliveryResult> => {
    if (ids !== undefined && ids.length === 0) return { sent: 0 };
    return deps.outbox.deliverBatch(ids?.length ?? deps.batchSize, ids, (notification) => deps.sender.send(notification));
  };

export type DispatchNotifications = ReturnType<typeof makeDispatchNotifications>;
