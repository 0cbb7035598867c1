import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import { AppError, isAppError, type ErrorKind } from '../errors/index.js';
import { getMeter } from '../telemetry/index.js';

export interface CircuitBreakerSettings {
  /** Failed or slow calls in a row that open the circuit. */
  consecutive_failures: number;
  /** How long an open circuit fails calls fast before letting one probe through (half-open). */
  half_open_after_ms: number;
  /** A call that succeeds but takes longer than this counts as a failure: the target is struggling. */
  slow_call_ms: number;
}

/** The reason of the error a call gets while the circuit to its target is open. */
export const CIRCUIT_OPEN = 'CIRCUIT_OPEN';

// The target did not answer in time or at all, or shed the call: calling it again right away only adds load.
// Answers the caller can act on (NOT_FOUND, FAILED_PRECONDITION, ...) show the target is healthy.
const TARGET_FAULTS: ReadonlySet<ErrorKind> = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED']);

export const isCircuitOpen = (error: unknown): boolean => isAppError(error) && error.reason === CIRCUIT_OPEN;

export type CircuitStateName = 'closed' | 'open' | 'half-open';

const STATE_NAME: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  // Never used here (isolate() is not called); an isolated circuit refuses calls like an open one.
  [CircuitState.Isolated]: 'open',
};

// Gauge values: 0 closed, 1 half-open, 2 open - higher is worse, so a max() over replicas reads naturally.
const GAUGE_VALUE: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2 };
const circuits = new Set<TargetCircuit>();
let gaugeRegistered = false;

const registerGauge = () => {
  if (gaugeRegistered) return;
  gaugeRegistered = true;
  getMeter()
    .createObservableGauge('micro_ecommerce.grpc.client.circuit.state', {
      description: 'Circuit breaker of each gRPC target: 0 closed, 1 half-open (one probe in flight), 2 open (calls fail fast).',
    })
    .addCallback((result) => {
      for (const circuit of circuits) result.observe(GAUGE_VALUE[circuit.state], { 'rpc.service.target': circuit.target });
    });
};

interface Timed<T> {
  response: T;
  durationMs: number;
}

/**
 * The circuit breaker in front of one target service (cockatiel): after `consecutive_failures` calls in a row
 * that failed for the target's sake or were slower than `slow_call_ms`, it opens and every call fails at once
 * with UNAVAILABLE / CIRCUIT_OPEN and a `retry_after_seconds`; after `half_open_after_ms` one call probes the
 * target, and its outcome closes the circuit or opens it again. Each change is logged and shown on the
 * micro_ecommerce.grpc.client.circuit.state gauge. Clients calling the same service share one (createGrpcClient's
 * `circuit` option).
 */
export class TargetCircuit {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    readonly target: string,
    private readonly settings: CircuitBreakerSettings,
    logger: Logger,
  ) {
    this.policy = circuitBreaker(
      handleWhen((error) => isAppError(error) && TARGET_FAULTS.has(error.kind)).orWhenResult(
        (result) => (result as Timed<unknown>).durationMs > settings.slow_call_ms,
      ),
      { halfOpenAfter: settings.half_open_after_ms, breaker: new ConsecutiveBreaker(settings.consecutive_failures) },
    );
    const log = logger.child({ 'rpc.service.target': target });
    this.policy.onStateChange((state) => {
      const name = STATE_NAME[state];
      if (name === 'open') {
        this.openedAt = Date.now();
        log.warn({ circuit: name, fail_fast_ms: settings.half_open_after_ms }, `circuit to ${target} opened: calls fail fast`);
      } else log.info({ circuit: name }, `circuit to ${target} is ${name}`);
    });
    circuits.add(this);
    registerGauge();
  }

  get state(): CircuitStateName {
    return STATE_NAME[this.policy.state];
  }

  /**
   * Whether a call now would fail without being made: the circuit is open and its pause has not ended (after it,
   * the circuit still reads open until the next call, which becomes the probe).
   */
  failsFast(): boolean {
    return this.state === 'open' && Date.now() < this.openedAt + this.settings.half_open_after_ms;
  }

  /** Seconds until an open circuit lets a probe through (at least 1); the Retry-After of a fast failure. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.settings.half_open_after_ms - Date.now()) / 1000));
  }

  /** The error a call fails fast with while the circuit is open. */
  openError(): AppError {
    return new AppError('UNAVAILABLE', `${this.target} is unavailable (its circuit is open); try again shortly`, {
      reason: CIRCUIT_OPEN,
      details: { target: this.target, retry_after_seconds: this.retryAfterSeconds() },
    });
  }

  /** Runs one call through the breaker; rejects with openError() without calling while the circuit is open. */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    try {
      const timed = await this.policy.execute(async (): Promise<Timed<T>> => {
        const started = performance.now();
        const response = await call();
        return { response, durationMs: performance.now() - started };
      });
      return timed.response;
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.openError();
      throw error;
    }
  }

  /** Stops reporting this circuit on the gauge (its client was closed). */
  dispose(): void {
    circuits.delete(this);
  }
}
