import { describe, expect, it } from 'vitest';
import { decideRefundIssued, refundIssued, REFUND_CHECK_WINDOW_MS } from './refund-event.js';

const at = new Date('2026-01-02T03:04:05Z');
const later = (ms: number) => new Date(at.getTime() + ms);

describe('RefundIssued', () => {
  it('has a deterministic id per order, the type as tag and the payment source', () => {
    const data = { order_id: 'o1', customer_id: 'c1', amount_cents: 4200, xid: 'x1' };
    expect(refundIssued(data, at)).toEqual({
      id: 'RefundIssued:o1',
      type: 'RefundIssued',
      occurred_at: '2026-01-02T03:04:05.000Z',
      source: 'payment',
      data,
    });
  });

  it('commits a half message once the order has its REFUND, however old', () => {
    expect(decideRefundIssued(true, at.toISOString(), later(10 * REFUND_CHECK_WINDOW_MS))).toBe('COMMIT');
  });

  it('answers UNKNOWN without a REFUND while the local transaction may still run, ROLLBACK after the window', () => {
    expect(decideRefundIssued(false, at.toISOString(), later(REFUND_CHECK_WINDOW_MS - 1))).toBe('UNKNOWN');
    expect(decideRefundIssued(false, at.toISOString(), later(REFUND_CHECK_WINDOW_MS))).toBe('ROLLBACK');
  });

  it('rolls back a half message without a REFUND whose occurred_at is unreadable', () => {
    expect(decideRefundIssued(false, 'yesterday', at)).toBe('ROLLBACK');
  });
});
