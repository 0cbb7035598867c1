import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigningKey, type SigningKey } from '../auth/index.js';

/** A fresh RS256 key pair made the way the customer service makes its own, held in memory only: no file stays behind. */
export const throwawaySigningKey = async (): Promise<SigningKey> => {
  const dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
  try {
    return await loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
