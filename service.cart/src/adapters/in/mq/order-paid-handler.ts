import type { Logger } from '@micro-ecommerce/pkg/logger';
import { parseEventData, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { RemoveBoughtItems } from '../../../app/remove-bought-items.js';

// Only the fields this consumer uses: other fields of the contract may change without breaking it.
const orderPaidData = z.object({
  order_id: z.string().min(1),
  customer_id: z.string().min(1),
  items: z.array(z.object({ sku_id: z.string().min(1), quantity: z.number().int().positive() })),
});

/** Takes the units an OrderPaid event bought out of the customer's cart; a malformed event throws (retried, then dead-lettered). */
export const orderPaidHandler =
  (removeBoughtItems: RemoveBoughtItems, logger: Logger): EventHandler =>
  async (event) => {
    const { order_id, customer_id, items } = parseEventData(event, orderPaidData);
    // The envelope id (`OrderPaid:<order_id>`) is the operation id: a redelivery finds its marker and changes nothing.
    const { applied } = await removeBoughtItems({
      customerId: customer_id,
      units: items.map((item) => ({ skuId: item.sku_id, quantity: item.quantity })),
      operationId: event.id,
    });
    logger.info({ event_id: event.id, order_id, customer_id, applied }, 'OrderPaid processed');
    return applied ? undefined : 'duplicate';
  };
