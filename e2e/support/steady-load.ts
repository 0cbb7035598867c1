/** What a load loop counts: requests sent per label, and every failure (non-2xx or connection error). */
export interface Tally {
  sent: Record<string, number>;
  failures: string[];
}

export type LabelledRequest = () => Promise<{ label: string; status: number; body: unknown }>;

/**
 * `connections` loops of `requests` (round robin), one request after the other on each loop, until
 * `running.value` turns false; `done` resolves once every loop has finished its last request.
 */
export const steadyLoad = (requests: LabelledRequest[], running: { value: boolean }, connections: number) => {
  const tally: Tally = { sent: {}, failures: [] };
  const loop = async (offset: number) => {
    for (let i = offset; running.value; i++) {
      const request = requests[i % requests.length]!;
      try {
        const { label, status, body } = await request();
        tally.sent[label] = (tally.sent[label] ?? 0) + 1;
        if (status < 200 || status >= 300) tally.failures.push(`${label}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
      } catch (error) {
        tally.failures.push(`connection error: ${(error as Error).message}`);
      }
    }
  };
  const done = Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  return { tally, done };
};
