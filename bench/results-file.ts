import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = '.run/bench';

// Which code was measured: a before/after comparison is only worth something with the commits named.
const revision = (): string => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
};

/** Writes one run's results as .run/bench/<timestamp>.json and .run/bench/latest.json; returns the first path. */
export const writeResults = (results: Record<string, unknown>): string => {
  mkdirSync(DIR, { recursive: true });
  const now = new Date();
  const document = { revision: revision(), writtenAt: now.toISOString(), ...results };
  // bigint comes back from PostgreSQL in invariant examples; JSON has no such type.
  const text = `${JSON.stringify(document, (_, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
  const path = join(DIR, `${now.toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(path, text);
  writeFileSync(join(DIR, 'latest.json'), text);
  return path;
};
