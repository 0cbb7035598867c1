import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';
import { phaseCallOf, terminalStateOf } from './types.js';

describe('backoffDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles the delay after each failed round, starting at the base', () => {
    expect([1, 2, 3, 4].map((attempts) => backoffDelayMs(attempts, options))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, even after very many rounds', () => {
    expect(backoffDelayMs(5, options)).toBe(1000);
    expect(backoffDelayMs(10_000, options)).toBe(1000);
  });

  it('treats zero attempts like the first', () => {
    expect(backoffDelayMs(0, options)).toBe(100);
  });
});

describe('phase two transitions', () => {
  it('confirms towards CONFIRMED and cancels towards CANCELLED', () => {
    expect(terminalStateOf('CONFIRMING')).toBe('CONFIRMED');
    expect(phaseCallOf('CONFIRMING')).toBe('confirm');
    expect(terminalStateOf('CANCELLING')).toBe('CANCELLED');
    expect(phaseCallOf('CANCELLING')).toBe('cancel');
  });
});
