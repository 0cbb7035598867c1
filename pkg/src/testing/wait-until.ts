import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every 200 ms until it holds or `timeoutMs` passed; resolves with its last answer. */
export const waitUntil = async (condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(200);
  }
  return condition();
};

/**
 * Proves a freshly started consumer receives before a test publishes what it asserts on: a consumer group that
 * never polled starts at the newest offset, so an earlier message could be skipped. Sends a probe (returning
 * how to tell it arrived) until one is seen within 2 s, at most 30 times.
 */
export const warmUpConsumer = async (sendProbe: () => Promise<() => Promise<boolean>>, what: string): Promise<void> => {
  for (let attempt = 0; attempt < 30; attempt++) {
    const arrived = await sendProbe();
    if (await waitUntil(arrived, 2000)) return;
  }
  throw new Error(`${what} never received a probe`);
};
