import type { PoolClient } from 'pg';

/**
 * Records that `group` has processed event `eventId` and says whether this is the first time. Call it on the
 * client of the transaction that applies the event's effect (withTransaction): the record and the effect then
 * commit or roll back together, so a redelivered event finds the record and changes nothing. Needs the
 * `processed_messages (consumer_group, message_id)` table in the consumer's database. A handler that gets false
 * resolves with 'duplicate' (EventHandler), which the consumer counts as result="duplicate".
 */
export const processOnce = async (client: PoolClient, group: string, eventId: string): Promise<boolean> => {
  const { rowCount } = await client.query(
    'INSERT INTO processed_messages (consumer_group, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [group, eventId],
  );
  return rowCount === 1;
};
