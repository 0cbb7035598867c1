import type { ServiceName } from './route-table.js';

/** A public path that answers Server-Sent Events; `regex` is RE2 and JavaScript alike (Envoy matches it whole). */
export interface EventStreamRoute {
  name: string;
  service: ServiceName;
  regex: string;
  /** A path it matches, for the checks that it lies inside a config/routes.yaml prefix of the same service. */
  example: string;
}

/**
 * The public paths that answer live event streams. They live long, so every layer treats them apart from the
 * requests of their service: the ingress routes them with no timeout and over a connection pool of their own
 * (scripts/deploy), the local gateway over an agent of its own (scripts/gateway), and the service never sheds
 * them with 503 but bounds them itself (services.order.event_streams). Recognised by the path, never by a header
 * a client chooses.
 */
export const EVENT_STREAM_ROUTES: readonly EventStreamRoute[] = [
  { name: 'order-events-stream', service: 'order', regex: '/api/v1/order/[^/]+/events', example: '/api/v1/order/7f9c2ba4/events' },
];

const patterns = EVENT_STREAM_ROUTES.map((stream) => ({ service: stream.service, whole: new RegExp(`^(?:${stream.regex})$`) }));

/** Whether `path` is one of the event streams (of `service`, when given). */
export const isEventStreamPath = (path: string, service?: ServiceName): boolean =>
  patterns.some((pattern) => (service === undefined || pattern.service === service) && pattern.whole.test(path));
