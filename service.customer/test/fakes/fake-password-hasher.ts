import type { PasswordHasher } from '../../src/app/ports.js';

/** A transparent "hash" (prefix + password) that records every call, so tests can count hashing work. */
export class FakePasswordHasher implements PasswordHasher {
  readonly hashed: string[] = [];
  readonly verified: { hash: string; password: string }[] = [];

  async hash(password: string): Promise<string> {
    this.hashed.push(password);
    return `hashed:${password}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push({ hash, password });
    return hash === `hashed:${password}`;
  }
}
