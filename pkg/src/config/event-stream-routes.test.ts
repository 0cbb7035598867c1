import { describe, expect, it } from 'vitest';
import { EVENT_STREAM_ROUTES, isEventStreamPath } from './event-stream-routes.js';

describe('isEventStreamPath', () => {
  it("recognises each stream's example path, for its own service only", () => {
    for (const stream of EVENT_STREAM_ROUTES) {
      expect(isEventStreamPath(stream.example)).toBe(true);
      expect(isEventStreamPath(stream.example, stream.service)).toBe(true);
      expect(isEventStreamPath(stream.example, stream.service === 'cart' ? 'product' : 'cart')).toBe(false);
    }
  });

  it('matches the whole path: neither a prefix, a longer path nor another segment count', () => {
    for (const path of [
      '/api/v1/order',
      '/api/v1/order/o-1',
      '/api/v1/order/o-1/events/x',
      '/api/v1/order/o-1/eventsx',
      '/x/api/v1/order/o-1/events',
      '/api/v1/order//events',
    ])
      expect(isEventStreamPath(path), path).toBe(false);
    expect(isEventStreamPath('/api/v1/order/o-1/events')).toBe(true);
  });
});
