import { getConnInfo } from '@hono/node-server/conninfo';
import { bearerToken, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import type { AppEnv } from '@micro-ecommerce/pkg/http';
import type { Context } from 'hono';

/** Who a request is counted as: always an address, and the token's subject when the token verifies. */
export interface ClientIdentity {
  ip: string;
  subject?: string;
}

// node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d; one client, one key.
const plainAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

// The socket address is only known behind @hono/node-server; app.request() in tests has none.
const connectionAddress = (c: Context<AppEnv>): string | undefined => {
  try {
    const address = getConnInfo(c).remote.address;
    return address === undefined ? undefined : plainAddress(address);
  } catch {
    return undefined;
  }
};

/**
 * The client's address: the connection's, never a header the client controls. Only when the connection comes
 * from a trusted proxy is X-Forwarded-For believed, read from the right (what the nearest proxies appended)
 * up to the first address that is not a trusted proxy.
 */
export const clientAddress = (c: Context<AppEnv>, trustedProxies: ReadonlySet<string>): string => {
  const peer = connectionAddress(c) ?? 'unknown';
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => hop !== '');
  for (let i = forwarded.length - 1; i >= 0; i -= 1) if (!trustedProxies.has(forwarded[i]!)) return forwarded[i]!;
  return peer;
};

/**
 * The subject (`sub`) of the request's bearer token, only if the token verifies. The gateway verifies rather
 * than just decoding `sub`: an unverified subject would let anyone spend another customer's budget by sending
 * a forged token with that customer's id (or dodge their own by inventing a new id every request). A missing,
 * invalid or unverifiable token (the JWKS unreachable) gives no subject; the request still counts per address,
 * and the service answers the token problem itself.
 */
export const verifiedSubject = async (c: Context<AppEnv>, verify: TokenVerifier): Promise<string | undefined> => {
  const header = c.req.header('authorization');
  if (header === undefined) return undefined;
  try {
    return (await verify(bearerToken(header))).customerId;
  } catch {
    return undefined;
  }
};
