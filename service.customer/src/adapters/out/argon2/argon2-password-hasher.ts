import { Algorithm, hash, verify, type Options } from '@node-rs/argon2';
import type { PasswordHasher } from '../../../app/ports.js';

/** OWASP's baseline for argon2id: 19 MiB, 2 passes, 1 lane (tens of milliseconds per hash). */
export const ARGON2ID_OPTIONS: Options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Hashes with argon2id on libuv's thread pool, so hashing never blocks the event loop. The PHC string carries
 * its own parameters, so hashes made under older settings keep verifying after the options change.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  constructor(private readonly options: Options = ARGON2ID_OPTIONS) {}

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password);
  }
}
