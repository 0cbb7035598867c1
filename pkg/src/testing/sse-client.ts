/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * A minimal EventSource for tests (fetch has no EventSource in Node without flags, and tests need the comments
 * too): parses the stream into events and comment lines, and lets a test await the next one with a timeout.
 */
export const openEventStream = async (url: string, headers: Record<string, string>, options: { headTimeoutMs?: number } = {}) => {
  const controller = new AbortController();
  // Bounds only the wait for the response head: a test that floods a server must not hang on a request it never answers.
  const headTimer = options.headTimeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), options.headTimeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  } finally {
    clearTimeout(headTimer);
  }
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  // True when the server ended the stream (last chunk received), false when it was cut or aborted.
  let endedCleanly = false;
  let notify: (() => void) | undefined;
  const pump = async () => {
    if (res.body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let current: Partial<SseEvent> & { data?: string } = {};
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          endedCleanly = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (current.data !== undefined) events.push({ id: current.id, event: current.event ?? 'message', data: current.data });
            current = {};
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') current.data = current.data === undefined ? value : `${current.data}\n${value}`;
            else if (field === 'id' || field === 'event') current[field] = value;
          }
          notify?.();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      notify?.();
    }
  };
  void pump();

  const waitFor = async <T>(take: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (ended) throw new Error(`the stream ended while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  let read = 0;
  return {
    status: res.status,
    headers: res.headers,
    /** The next event not returned before. */
    next: (timeoutMs = 5000) => waitFor(() => (read < events.length ? events[read++] : undefined), timeoutMs, 'event'),
    /** Waits until at least `count` comment lines arrived. */
    comments: (count: number, timeoutMs = 5000) => waitFor(() => (comments.length >= count ? comments : undefined), timeoutMs, 'comment'),
    /** Resolves once the stream ended: true if the server ended it properly, false if it was cut. */
    ended: (timeoutMs = 5000) => waitFor(() => (ended ? endedCleanly : undefined), timeoutMs, 'the end of the stream'),
    /** Events received but not returned by next() yet. */
    pending: () => events.slice(read),
    close: () => controller.abort(),
  };
};
