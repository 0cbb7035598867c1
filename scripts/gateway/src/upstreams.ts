import type { Logger } from 'pino';

/**
 * What the gateway last learnt of one instance: `ready` (its /readyz answered 200), `not_ready` (it answered
 * something else: draining, overloaded or a dependency down), `down` (no connection) or `unknown` (not probed yet).
 */
export type InstanceState = 'unknown' | 'ready' | 'not_ready' | 'down';

// Best first. An instance that answers but is not ready still beats none at all: when every instance of a
// service is overloaded, its own 503 says more than the gateway's 502.
const PREFERENCE: InstanceState[] = ['ready', 'unknown', 'not_ready', 'down'];

export interface UpstreamsOptions {
  logger: Logger;
  /** Pause between two readiness probes of every instance. */
  pollIntervalMs?: number;
  /** A probe without an answer in this time counts as not ready. */
  probeTimeoutMs?: number;
}

/**
 * Every instance of every service (the local replicas' slots, pkg/src/config/replica-addresses.ts) and which of
 * them take traffic: each instance's /readyz is polled every second, and a refused connection takes an instance
 * out at once, until its /readyz answers 200 again. A draining instance answers 503 from its termination signal
 * on (pkg onShutdown) and keeps serving for longer than one poll, so no request meets its closed port.
 */
export class Upstreams {
  private readonly states = new Map<string, InstanceState>();
  private readonly next = new Map<string, number>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly origins: Readonly<Record<string, readonly string[]>>,
    private readonly options: UpstreamsOptions,
  ) {
    for (const list of Object.values(origins)) for (const origin of list) this.states.set(origin, 'unknown');
  }

  /** Probes every instance now and then every pollIntervalMs until stop(). */
  start(): this {
    const poll = () => {
      this.polling ??= this.probeAll().finally(() => (this.polling = undefined));
    };
    poll();
    this.timer = setInterval(poll, this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
    return this;
  }

  /** Stops polling and waits for the probes in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  /** Resolves once every instance has been probed at least once (tests, start-up). */
  async probed(): Promise<void> {
    await (this.polling ?? this.probeAll());
  }

  /**
   * The instance the next request of `service` goes to: round robin over the instances in the best state there
   * is (see InstanceState), skipping `exclude` (an instance that just failed) when another exists. When none is
   * known to answer (every one down or not probed yet, e.g. just restarted), it probes them first rather than
   * guess: a request sent to a closed port fails, and only a bodiless one could be sent again.
   */
  async pick(service: string, exclude?: string): Promise<string | undefined> {
    const best = this.bestOf(service, exclude);
    if (best !== undefined && (best.state === 'unknown' || best.state === 'down')) {
      await this.refresh(service);
      return this.take(service, this.bestOf(service, exclude)?.group);
    }
    return this.take(service, best?.group);
  }

  /** A connection to `origin` failed: out of rotation until its /readyz answers 200 again. */
  markDown(origin: string): void {
    this.setState(origin, 'down');
  }

  stateOf(origin: string): InstanceState {
    return this.states.get(origin) ?? 'unknown';
  }

  private bestOf(service: string, exclude?: string): { state: InstanceState; group: string[] } | undefined {
    const all = this.origins[service] ?? [];
    const candidates = all.length > 1 ? all.filter((origin) => origin !== exclude) : all;
    for (const state of PREFERENCE) {
      const group = candidates.filter((origin) => this.stateOf(origin) === state);
      if (group.length > 0) return { state, group };
    }
    return undefined;
  }

  private take(service: string, group: string[] | undefined): string | undefined {
    if (group === undefined) return undefined;
    const turn = this.next.get(service) ?? 0;
    this.next.set(service, turn + 1);
    return group[turn % group.length];
  }

  // One probe round of a service's instances at a time, shared by every request that waits for it.
  private async refresh(service: string): Promise<void> {
    let pending = this.refreshing.get(service);
    if (pending === undefined) {
      pending = Promise.all((this.origins[service] ?? []).map((origin) => this.probe(origin))).then(() => undefined);
      this.refreshing.set(service, pending);
      void pending.finally(() => this.refreshing.delete(service));
    }
    await pending;
  }

  private async probeAll(): Promise<void> {
    await Promise.all([...this.states.keys()].map((origin) => this.probe(origin)));
  }

  private async probe(origin: string): Promise<void> {
    try {
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(this.options.probeTimeoutMs ?? 800) });
      await res.body?.cancel();
      this.setState(origin, res.status === 200 ? 'ready' : 'not_ready');
    } catch (error) {
      // A timeout means the instance is there but busy; a refused or reset connection that nothing listens.
      this.setState(origin, (error as Error).name === 'TimeoutError' ? 'not_ready' : 'down');
    }
  }

  private setState(origin: string, state: InstanceState): void {
    const before = this.states.get(origin);
    if (before === state) return;
    this.states.set(origin, state);
    // The first probe of a spare slot finding nothing is expected; every other change is news.
    if (!(before === 'unknown' && state === 'down'))
      this.options.logger.info({ origin, from: before, to: state }, 'upstream instance changed');
  }
}
