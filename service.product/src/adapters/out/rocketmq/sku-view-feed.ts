import { randomUUID } from 'node:crypto';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import { TOPICS, type EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { SkuViewFeed } from '../../../app/ports.js';
import { PRODUCT_EVENT_SOURCE } from '../../../domain/product-event.js';
import type { SkuProperties } from '../../../domain/sku-properties.js';
import { skuViewsChanged, type SkuViewsChangedData } from '../../../domain/sku-view.js';

/** What the feed is built from. */
export interface SkuViewFeedOptions {
  /** The views' properties, read as GetSkuProperties answers the cart (app/read-sku-views.ts); absent = gone. */
  read: (skuIds: readonly string[]) => Promise<ReadonlyMap<string, SkuProperties>>;
  producer: Pick<EventProducer, 'publish'>;
  /** services.product.sku_view_feed.flush_interval_ms. */
  intervalMs: number;
  logger: Logger;
  /** Epoch milliseconds (tests fix it). */
  now?: () => number;
}

// A bulk catalog change can mark thousands of SKUs; one flush reads at most this many (5 messages), the rest
// go in the following ticks, so a flush stays one bounded read.
const MAX_IDS_PER_FLUSH = 1000;

/**
 * The SKU view feed over catalog-events: marks are collected in a set and, every interval, the views of the
 * marked SKUs are read once and published as SkuViewsChanged (NORMAL messages, ≤ 200 views each). A burst of
 * checkouts of a hot SKU thus costs one message per interval, not one per checkout. observed_at_ms is taken
 * before the read, so a cart never takes a view for newer than it is. A failed read or publish puts its ids
 * back for the next tick. Delivery is at most once: a message lost after that only leaves the cart's view to
 * expire at its max age and be read again from product.
 */
export class SkuViewFeedPublisher implements SkuViewFeed {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SkuViewFeedOptions) {
    this.now = options.now ?? Date.now;
  }

  skuViewsChanged(skuIds: readonly string[]): void {
    for (const id of skuIds) this.dirty.add(id);
  }

  /** Starts flushing every interval. */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.intervalMs);
    // Shutdown stops it explicitly; the timer alone must not keep a process alive.
    this.timer.unref();
  }

  /** Stops the timer, waits for a flush in progress, then flushes what is left once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }

  /** Publishes the views of the SKUs marked so far; a flush already running is awaited instead of doubled. */
  flush(): Promise<void> {
    if (this.flushing === undefined && this.dirty.size > 0) this.flushing = this.publishDirty().finally(() => (this.flushing = undefined));
    return this.flushing ?? Promise.resolve();
  }

  private async publishDirty(): Promise<void> {
    const ids: string[] = [];
    for (const id of this.dirty) {
      if (ids.length === MAX_IDS_PER_FLUSH) break;
      ids.push(id);
      this.dirty.delete(id);
    }
    const observedAtMs = this.now();
    let found: ReadonlyMap<string, SkuProperties>;
    try {
      found = await this.options.read(ids);
    } catch (error) {
      this.options.logger.warn({ err: error, skus: ids.length }, 'reading SKU views failed; retried at the next flush');
      this.skuViewsChanged(ids);
      return;
    }
    const messages = skuViewsChanged(observedAtMs, ids, found);
    const sent = await Promise.allSettled(messages.map((data) => this.publish(data)));
    sent.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const unsent = messages[i]!.views.map((entry) => entry.sku_id);
      this.options.logger.warn({ err: result.reason, skus: unsent.length }, 'publishing SKU views failed; retried at the next flush');
      this.skuViewsChanged(unsent);
    });
  }

  private async publish(data: SkuViewsChangedData): Promise<void> {
    const event = {
      id: `SkuViewsChanged:${randomUUID()}`,
      type: 'SkuViewsChanged',
      occurred_at: new Date(data.observed_at_ms).toISOString(),
      source: PRODUCT_EVENT_SOURCE,
      data,
    };
    await this.options.producer.publish(TOPICS.catalogEvents, event, [event.id]);
  }
}
