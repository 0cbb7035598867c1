export { ROLES, type Role, type Principal, type VerifiedPrincipal } from './principal.js';
export { loadSigningKey, loadOrCreateSigningKey, JWT_ALGORITHM, type SigningKey, type PublicJwk } from './key-pair.js';
export { createTokenIssuer, type TokenIssuer, type TokenIssuerOptions, type IssuedToken } from './token-issuer.js';
export { createTokenVerifier, bearerToken, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export type { JwkSet } from './public-key-lookup.js';
export { requireAuth, assertRole, hasRole, type AuthEnv } from './require-auth.js';
export { principalFromMetadata, bearerMetadata } from './grpc-auth.js';
export { cachedTokenVerifier, type TokenCacheOptions } from './cached-token-verifier.js';
