import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/index.js';
import type { AppEnv } from '../http/index.js';
import type { Principal, Role } from './principal.js';
import { bearerToken, type TokenVerifier } from './token-verifier.js';

/** Hono context of authenticated routes: `c.var.principal` is the verified caller. */
export interface AuthEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { principal: Principal };
}

/** Ensures the principal has `role` (admin passes every check), else PERMISSION_DENIED. */
export const assertRole = (principal: Principal, role: Role): void => {
  if (role === 'admin' && principal.role !== 'admin')
    throw new AppError('PERMISSION_DENIED', 'admin role required', { reason: 'FORBIDDEN' });
};

/** hono middleware: verifies the bearer token (401 otherwise) and, with `role: 'admin'`, the role (403). */
export const requireAuth =
  (verify: TokenVerifier, options: { role?: Role } = {}): MiddlewareHandler<AuthEnv> =>
  async (c, next) => {
    const principal = await verify(bearerToken(c.req.header('authorization')));
    if (options.role !== undefined) assertRole(principal, options.role);
    c.set('principal', principal);
    await next();
  };
