// The RateLimit and RateLimit-Policy response fields of draft-ietf-httpapi-ratelimit-headers-11 (23 May 2026,
// the HTTPAPI working group's current draft): both are Structured Field Lists of Items whose value is a String
// naming the policy, with parameters q (quota) and w (window, seconds) in RateLimit-Policy, r (remaining quota)
// and t (seconds until the window resets) in RateLimit. Earlier drafts' RateLimit-Limit/-Remaining/-Reset are
// gone. The optional pk (partition key) is left out: the client knows its own address and token.

/** One counted bucket of a request, as the client is told about it. */
export interface BucketReport {
  /** Policy name, e.g. `write-ip`: the route class and what it counts by. */
  policy: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

// An sf-string: printable ASCII with " and \ escaped (RFC 9651 §3.3.3). Policy names are plain, but the
// field must stay well-formed whatever a class is called.
const sfString = (value: string): string => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;

const nonNegative = (value: number): number => Math.max(0, Math.floor(value));

/** RateLimit-Policy: "write-ip";q=300;w=60, "write-subject";q=120;w=60 */
export const rateLimitPolicyField = (buckets: readonly BucketReport[]): string =>
  buckets.map((b) => `${sfString(b.policy)};q=${nonNegative(b.quota)};w=${Math.max(1, Math.ceil(b.windowSeconds))}`).join(', ');

/** RateLimit: "write-ip";r=299;t=58, "write-subject";r=119;t=58 */
export const rateLimitField = (buckets: readonly BucketReport[]): string =>
  buckets.map((b) => `${sfString(b.policy)};r=${nonNegative(b.remaining)};t=${nonNegative(Math.ceil(b.resetSeconds))}`).join(', ');
