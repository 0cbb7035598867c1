import { describe, expect, it } from 'vitest';
import { rateLimitField, rateLimitPolicyField, type BucketReport } from './ratelimit-headers.js';

const ip: BucketReport = { policy: 'write-ip', quota: 300, windowSeconds: 60, remaining: 299, resetSeconds: 58 };
const subject: BucketReport = { policy: 'write-subject', quota: 120, windowSeconds: 60, remaining: 0, resetSeconds: 12.2 };

describe('RateLimit and RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers-11)', () => {
  it('lists each bucket as a quoted policy name with q and w', () => {
    expect(rateLimitPolicyField([ip, subject])).toBe('"write-ip";q=300;w=60, "write-subject";q=120;w=60');
  });

  it('lists each bucket with its remaining quota r and whole seconds t until the reset, rounded up', () => {
    expect(rateLimitField([ip, subject])).toBe('"write-ip";r=299;t=58, "write-subject";r=0;t=13');
  });

  it('never sends a negative remaining quota or reset, nor a window under one second', () => {
    const odd = { policy: 'read-ip', quota: 5, windowSeconds: 0.2, remaining: -3, resetSeconds: -1 };
    expect(rateLimitField([odd])).toBe('"read-ip";r=0;t=0');
    expect(rateLimitPolicyField([odd])).toBe('"read-ip";q=5;w=1');
  });

  it('escapes a policy name so the field stays a well-formed structured field', () => {
    expect(rateLimitField([{ ...ip, policy: 'a"b\\c' }])).toBe('"a\\"b\\\\c";r=299;t=58');
  });
});
