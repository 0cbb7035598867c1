import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/index.js';
import type { AppEnv } from '../http/index.js';
import type { Principal, Role, VerifiedPrincipal } from './principal.js';
import { bearerToken, type TokenVerifier } from './token-verifier.js';

/** Hono context of authenticated routes: `c.var.principal` is the verified caller, with its token's expiry. */
export interface AuthEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { principal: VerifiedPrincipal };
}

// Each role may do what the roles before it may: staff fulfil orders, admin also runs the catalog.
const RANK: Record<Role, number> = { customer: 0, staff: 1, admin: 2 };

/** Ensures the principal has `role` or a higher one (customer < staff < admin), else PERMISSION_DENIED. */
export const assertRole = (principal: Principal, role: Role): void => {
  if (RANK[principal.role] < RANK[role]) throw new AppError('PERMISSION_DENIED', `${role} role required`, { reason: 'FORBIDDEN' });
};

/** Whether the principal has `role` or a higher one. */
export const hasRole = (principal: Principal, role: Role): boolean => RANK[principal.role] >= RANK[role];

/** hono middleware: verifies the bearer token (401 otherwise) and, with `role`, that the caller has it or a higher one (403). */
export const requireAuth =
  (verify: TokenVerifier, options: { role?: Role } = {}): MiddlewareHandler<AuthEnv> =>
  async (c, next) => {
    const principal = await verify(bearerToken(c.req.header('authorization')));
    if (options.role !== undefined) assertRole(principal, options.role);
    c.set('principal', principal);
    await next();
  };
