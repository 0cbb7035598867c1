import type { EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import { describe, expect, it } from 'vitest';
import { orderPaid } from '../../../domain/order-event.js';
import { createOrderEventPublisher } from './order-event-publisher.js';

// A producer that records the order of the transactional steps: half message, local transaction, commit.
const recordingProducer = (steps: string[]) =>
  ({
    publishInTransaction: async (topic: string, event: { id: string }, keys: string[], localTransaction: () => Promise<unknown>) => {
      steps.push(`half ${topic} ${event.id} [${keys.join(',')}]`);
      const result = await localTransaction();
      steps.push('commit');
      return result;
    },
  }) as unknown as EventProducer;

const event = orderPaid({ order_id: 'o-1', customer_id: 'c-1', total_cents: 100, items: [] }, new Date());

describe('createOrderEventPublisher', () => {
  it('sends on order-events keyed by the order id and returns what the local transaction returned', async () => {
    const steps: string[] = [];
    const publisher = createOrderEventPublisher(recordingProducer(steps));
    expect(await publisher.publishWith(event, async () => (steps.push('local'), 'done'))).toBe('done');
    expect(steps).toEqual(['half order-events OrderPaid:o-1 [o-1]', 'local', 'commit']);
  });

  it('calls the crash hook after the local commit and before the message commit', async () => {
    const steps: string[] = [];
    const publisher = createOrderEventPublisher(recordingProducer(steps), (step) => steps.push(`crash_at ${step}`));
    await publisher.publishWith(event, async () => steps.push('local'));
    expect(steps).toEqual(['half order-events OrderPaid:o-1 [o-1]', 'local', 'crash_at event:after-local-commit', 'commit']);
  });

  it('never calls the crash hook when the local transaction fails', async () => {
    const steps: string[] = [];
    const publisher = createOrderEventPublisher(recordingProducer(steps), (step) => steps.push(`crash_at ${step}`));
    await expect(publisher.publishWith(event, () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    expect(steps).toEqual(['half order-events OrderPaid:o-1 [o-1]']);
  });
});
