export { ROLES, type Role, type Principal } from './principal.js';
export { loadSigningKey, loadOrCreateSigningKey, JWT_ALGORITHM, type SigningKey } from './key-pair.js';
export { createTokenIssuer, type TokenIssuer, type TokenIssuerOptions, type IssuedToken } from './token-issuer.js';
export { createTokenVerifier, bearerToken, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export { requireAuth, assertRole, type AuthEnv } from './require-auth.js';
export { principalFromMetadata, bearerMetadata } from './grpc-auth.js';
export { cachedTokenVerifier, type TokenCacheOptions } from './cached-token-verifier.js';
