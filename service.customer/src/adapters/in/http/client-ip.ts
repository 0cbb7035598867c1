import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's IP for rate limiting: the LAST X-Forwarded-For entry when present, else the socket's peer
 * address, else "unknown" (requests served without a socket, as in app.request tests). The last entry is the
 * one our edge (the local gateway or the Istio ingress) appended from the socket it accepted; earlier entries
 * come from the client and could be forged to dodge the per-IP limit.
 */
export const clientIp = (c: Context): string => {
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
};
