import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { CIRCUIT_OPEN, TargetCircuit } from './circuit-breaker.js';
import { withDeadlineRetry } from './deadline-retry.js';

const logger = pino({ level: 'silent' });
const SETTINGS = { consecutive_failures: 3, half_open_after_ms: 200, slow_call_ms: 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A target whose next answers the test decides; counts the calls that reached it. */
const target = () => {
  const state = { calls: 0, answer: async (): Promise<string> => 'ok' };
  const call = () => {
    state.calls += 1;
    return state.answer();
  };
  return { state, call };
};
const down = async (): Promise<string> => {
  throw new AppError('UNAVAILABLE', 'connection refused');
};

describe('TargetCircuit', () => {
  it('opens after consecutive target faults, then fails fast without calling, naming when to come back', async () => {
    const circuit = new TargetCircuit('payment', SETTINGS, logger);
    const { state, call } = target();
    state.answer = down;
    for (let i = 0; i < 3; i++) await expect(circuit.execute(call)).rejects.toMatchObject({ kind: 'UNAVAILABLE', reason: 'UNAVAILABLE' });
    expect([circuit.state, circuit.failsFast()]).toEqual(['open', true]);
    await expect(circuit.execute(call)).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      reason: CIRCUIT_OPEN,
      details: { target: 'payment', retry_after_seconds: 1 },
    });
    expect(state.calls).toBe(3);
  });

  it('counts slow answers as faults, and a fast one in between starts the count again', async () => {
    const circuit = new TargetCircuit('product', SETTINGS, logger);
    const { state, call } = target();
    state.answer = async () => {
      await sleep(SETTINGS.slow_call_ms + 20);
      return 'late';
    };
    // A slow answer is still the answer.
    expect(await circuit.execute(call)).toBe('late');
    await circuit.execute(call);
    state.answer = async () => 'fast';
    await circuit.execute(call);
    expect(circuit.state).toBe('closed');
    state.answer = async () => {
      await sleep(SETTINGS.slow_call_ms + 20);
      return 'late';
    };
    for (let i = 0; i < 3; i++) await circuit.execute(call);
    expect(circuit.state).toBe('open');
  });

  it('does not count answers the caller can act on: the target is healthy', async () => {
    const circuit = new TargetCircuit('product', SETTINGS, logger);
    const { state, call } = target();
    state.answer = async () => {
      throw new AppError('NOT_FOUND', 'no such SKU');
    };
    for (let i = 0; i < 5; i++) await expect(circuit.execute(call)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    expect(circuit.state).toBe('closed');
    expect(state.calls).toBe(5);
  });

  it('after the pause one probe goes through: success closes the circuit, failure opens it again', async () => {
    const circuit = new TargetCircuit('payment', SETTINGS, logger);
    const { state, call } = target();
    state.answer = down;
    for (let i = 0; i < 3; i++) await expect(circuit.execute(call)).rejects.toThrow();
    await sleep(SETTINGS.half_open_after_ms + 20);
    // Still open until a call comes, but that call would be made: the probe.
    expect([circuit.state, circuit.failsFast()]).toEqual(['open', false]);
    await expect(circuit.execute(call)).rejects.toMatchObject({ reason: 'UNAVAILABLE' });
    expect([circuit.state, state.calls]).toEqual(['open', 4]);
    await expect(circuit.execute(call)).rejects.toMatchObject({ reason: CIRCUIT_OPEN });
    await sleep(SETTINGS.half_open_after_ms + 20);
    state.answer = async () => 'recovered';
    expect(await circuit.execute(call)).toBe('recovered');
    expect([circuit.state, state.calls]).toEqual(['closed', 5]);
  });

  it('is not retried while open: the retry gives up after one attempt', async () => {
    const circuit = new TargetCircuit('cart', SETTINGS, logger);
    const { state, call } = target();
    state.answer = down;
    for (let i = 0; i < 3; i++) await expect(circuit.execute(call)).rejects.toThrow();
    let attempts = 0;
    const started = Date.now();
    await expect(
      withDeadlineRetry(
        () => {
          attempts += 1;
          return circuit.execute(call);
        },
        { deadlineAt: Date.now() + 2000, maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 100 },
      ),
    ).rejects.toMatchObject({ reason: CIRCUIT_OPEN });
    expect(attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(50);
  });
});
