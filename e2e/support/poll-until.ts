import { setTimeout as sleep } from 'node:timers/promises';

/** Reads until `done` holds or `timeoutMs` passed; returns the last value read (the assertion shows it). */
export const pollUntil = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(250);
    value = await read();
  }
  return value;
};
