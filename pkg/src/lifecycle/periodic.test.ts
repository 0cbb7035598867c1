import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './periodic.js';

describe('startPeriodic', () => {
  it('runs at once and then per interval, never two runs at a time, survives a failing run, and stop waits', async () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      let release: () => void = () => {};
      const run = vi.fn(async () => {
        runs += 1;
        if (runs === 1) throw new Error('first run fails');
        await new Promise<void>((resolve) => (release = resolve));
      });
      const task = startPeriodic({ name: 'test', intervalMs: 100, run, logger: pino({ level: 'silent' }) });
      expect(run).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(100); // the failure was logged; the second run starts and hangs
      expect(run).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(300); // ticks during the hanging run are skipped
      expect(run).toHaveBeenCalledTimes(2);
      let stopped = false;
      const stopping = task.stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      release();
      await stopping;
      await vi.advanceTimersByTimeAsync(500);
      expect(run).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
