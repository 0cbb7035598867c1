import { afterAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../testing/index.js';
import { getMeter, initMetrics } from './index.js';
import { withUnitSuffix } from './prometheus-exposition.js';

const metrics = initMetrics({ serviceName: 'metrics-test' });
afterAll(() => metrics.shutdown());

describe('metrics', () => {
  it('exposes a business counter under its dotted name in Prometheus form, with _total and its attributes', async () => {
    const checkouts = getMeter().createCounter('micro_ecommerce.test.checkouts', { unit: '{checkout}' });
    checkouts.add(1, { outcome: 'paid' });
    checkouts.add(2, { outcome: 'timeout' });
    const text = await metrics.scrape();
    expect(text).toContain('# TYPE micro_ecommerce_test_checkouts_total counter');
    expect(sampleValue(text, 'micro_ecommerce_test_checkouts_total', { outcome: 'paid' })).toBe(1);
    expect(sampleValue(text, 'micro_ecommerce_test_checkouts_total', { outcome: 'timeout' })).toBe(2);
    expect(text).toMatch(/^target_info\{[^}]*service_name="metrics-test"/m);
  });

  it('puts the unit in words at the end of the name, once, and adds nothing for an annotation', () => {
    expect(withUnitSuffix('http.server.request.duration', 's')).toBe('http.server.request.duration_seconds');
    expect(withUnitSuffix('micro_ecommerce.test.latency', 'ms')).toBe('micro_ecommerce.test.latency_milliseconds');
    expect(withUnitSuffix('micro_ecommerce.test.wait_seconds', 's')).toBe('micro_ecommerce.test.wait_seconds');
    expect(withUnitSuffix('micro_ecommerce.checkouts', '{checkout}')).toBe('micro_ecommerce.checkouts');
  });

  it('refuses a second MeterProvider in the same process', () => {
    expect(() => initMetrics({ serviceName: 'again' })).toThrow(/registered already/);
  });
});
