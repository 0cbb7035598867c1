import type { EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SkuProperties } from '../../../domain/sku-properties.js';
import type { SkuViewsChangedData } from '../../../domain/sku-view.js';
import { SkuViewFeedPublisher } from './sku-view-feed.js';

const props = (skuId: string, available: number): SkuProperties => ({
  skuId,
  productId: 'p',
  title: 'Mug',
  variantName: 'White',
  priceCents: 1200,
  currency: 'USD',
  imageUrl: '',
  attributes: {},
  purchasable: true,
  available,
});

// A catalog the fake read answers from, a producer that records (or fails), and the reads made.
const setup = () => {
  const stock = new Map<string, number>([
    ['a', 5],
    ['b', 1],
  ]);
  const reads: string[][] = [];
  const sent: { topic: string; event: EventEnvelope<SkuViewsChangedData> }[] = [];
  const producer = { failures: 0, publish: vi.fn() };
  producer.publish.mockImplementation(async (topic: string, event: EventEnvelope<SkuViewsChangedData>) => {
    if (producer.failures > 0) {
      producer.failures -= 1;
      throw new Error('broker unavailable');
    }
    sent.push({ topic, event });
    return 'message-id';
  });
  const feed = new SkuViewFeedPublisher({
    read: async (ids) => {
      reads.push([...ids]);
      return new Map(ids.filter((id) => stock.has(id)).map((id) => [id, props(id, stock.get(id)!)]));
    },
    producer,
    intervalMs: 250,
    logger: pino({ level: 'silent' }),
  });
  return { stock, reads, sent, producer, feed };
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2024-11-21T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('SKU view feed', () => {
  it('coalesces a burst of changes of a hot SKU into one read and one message per interval', async () => {
    const { stock, reads, sent, feed } = setup();
    feed.start();
    for (let i = 0; i < 50; i++) {
      stock.set('a', 5 - (i % 5));
      feed.skuViewsChanged(['a']);
      feed.skuViewsChanged(['b', 'a']);
    }
    stock.set('a', 2);
    await vi.advanceTimersByTimeAsync(250);
    expect(reads).toEqual([['a', 'b']]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('catalog-events');
    expect(sent[0]!.event).toMatchObject({
      type: 'SkuViewsChanged',
      source: 'product',
      data: {
        observed_at_ms: Date.parse('2024-11-21T10:00:00.250Z'),
        views: [
          { sku_id: 'a', view: { available: 2, price_cents: '1200' } },
          { sku_id: 'b', view: { available: 1 } },
        ],
      },
    });
    expect(sent[0]!.event.id).toMatch(/^SkuViewsChanged:[0-9a-f-]{36}$/);
    // Nothing changed since: the following ticks neither read nor publish.
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toHaveLength(1);
    await feed.stop();
  });

  it('takes observed_at_ms before the read and sends a null view for a SKU that is gone', async () => {
    const { sent, feed } = setup();
    feed.start();
    feed.skuViewsChanged(['gone']);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent[0]!.event.data).toEqual({
      observed_at_ms: Date.parse('2024-11-21T10:00:00.250Z'),
      views: [{ sku_id: 'gone', view: null }],
    });
    await feed.stop();
  });

  it('puts the ids of a failed publish back and publishes them at the next tick', async () => {
    const { sent, producer, feed } = setup();
    feed.start();
    producer.failures = 1;
    feed.skuViewsChanged(['a']);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.map((s) => s.event.data.views.map((v) => v.sku_id))).toEqual([['a']]);
    await feed.stop();
  });

  it('splits more than 200 changed SKUs into messages of at most 200 views', async () => {
    const { sent, feed } = setup();
    feed.start();
    feed.skuViewsChanged(Array.from({ length: 450 }, (_, i) => `s${i}`));
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.map((s) => s.event.data.views.length).sort((x, y) => x - y)).toEqual([50, 200, 200]);
    await feed.stop();
  });

  it('flushes what is left once on stop, then publishes no more', async () => {
    const { sent, reads, feed } = setup();
    feed.start();
    feed.skuViewsChanged(['b']);
    await feed.stop();
    expect(sent.map((s) => s.event.data.views[0]!.sku_id)).toEqual(['b']);
    feed.skuViewsChanged(['a']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([['b']]);
  });
});
