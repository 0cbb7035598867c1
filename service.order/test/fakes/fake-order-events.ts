import type { OrderEvents } from '../../src/app/ports.js';
import type { OrderEvent } from '../../src/domain/order-event.js';

/** OrderEvents in memory: records the events whose local transaction committed, like a committed half message. */
export class FakeOrderEvents implements OrderEvents {
  readonly published: OrderEvent[] = [];

  async publishWith<T>(event: OrderEvent, localTransaction: () => Promise<T>): Promise<T> {
    const result = await localTransaction();
    this.published.push(event);
    return result;
  }
}
