import { describe, expect, it } from 'vitest';
import { decideStockReturned, stockReturned } from './product-event.js';

const now = new Date('2024-11-21T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('product events', () => {
  it('gives StockReturned a deterministic id per order', () => {
    const event = stockReturned({ order_id: 'o-1', xid: 'x-1', items: [{ sku_id: 's', quantity: 1 }] }, now);
    expect(event).toEqual({
      id: 'StockReturned:o-1',
      type: 'StockReturned',
      occurred_at: now.toISOString(),
      source: 'product',
      data: { order_id: 'o-1', xid: 'x-1', items: [{ sku_id: 's', quantity: 1 }] },
    });
  });

  it('commits a returned order, waits on a young unreturned one, rolls back an old one or a foreign type', () => {
    expect(decideStockReturned('StockReturned', true, ago(600_000), now)).toBe('COMMIT');
    expect(decideStockReturned('StockReturned', false, ago(59_000), now)).toBe('UNKNOWN');
    expect(decideStockReturned('StockReturned', false, ago(60_000), now)).toBe('ROLLBACK');
    expect(decideStockReturned('StockReturned', false, 'not a date', now)).toBe('ROLLBACK');
    expect(decideStockReturned('Probe', true, ago(0), now)).toBe('ROLLBACK');
  });
});
