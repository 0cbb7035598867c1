import { readFileSync } from 'node:fs';

/** Resident memory of `pid` (VmRSS), MB; undefined once it exited. */
export const rssMb = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
};
