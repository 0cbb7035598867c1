const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const labelsOf = (text: string | undefined): Record<string, string> =>
  Object.fromEntries([...(text ?? '').matchAll(LABEL)].map(([, key, value]) => [key, value!.replace(/\\(.)/g, '$1')]));

/**
 * The value of sample `name` in a Prometheus text exposition, summed over every series whose labels include
 * `labels` (so a test names only the labels it cares about); 0 when no series matches, as for a counter that
 * has not moved yet.
 */
export const sampleValue = (exposition: string, name: string, labels: Record<string, string> = {}): number => {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = SAMPLE.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = labelsOf(match[2]);
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) total += Number(match[3]);
  }
  return total;
};
