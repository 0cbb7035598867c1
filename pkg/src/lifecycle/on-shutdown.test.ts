import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '../http/index.js';
import { onShutdown } from './on-shutdown.js';
import { isShuttingDown } from './shutdown-state.js';

const signals = ['SIGTERM', 'SIGINT'] as const;
const before = Object.fromEntries(signals.map((s) => [s, process.listeners(s)]));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Leave the test process's own signal handling as it was.
  for (const signal of signals)
    for (const listener of process.listeners(signal)) if (!before[signal]!.includes(listener)) process.off(signal, listener);
});

describe('onShutdown', () => {
  it('answers /readyz 503 from the signal on, keeps serving through the drain delay, then runs the steps and exits 0', async () => {
    vi.useFakeTimers();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const app = createHttpApp({ logger: pino({ level: 'silent' }), readiness: { dependency: async () => 'ok' } });
    const ran: string[] = [];
    onShutdown(pino({ level: 'silent' }), [{ name: 'servers', run: async () => ran.push('servers') }], 15_000, 2_000);

    expect((await app.request('/readyz')).status).toBe(200);
    process.emit('SIGTERM', 'SIGTERM');
    expect(isShuttingDown()).toBe(true);
    expect((await app.request('/readyz')).status).toBe(503);
    expect((await app.request('/healthz')).status).toBe(200);

    await vi.advanceTimersByTimeAsync(1_900);
    expect(ran).toEqual([]);
    expect(exit).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(200);
    expect(ran).toEqual(['servers']);
    expect(exit).toHaveBeenCalledWith(0);
  });
});
