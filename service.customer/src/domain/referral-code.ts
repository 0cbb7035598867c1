import { randomInt } from 'node:crypto';
import { AppError } from '@micro-ecommerce/pkg/errors';

// Codes are read aloud, typed from a screenshot and copied by hand: no 0/O, 1/I/L to confuse. 31 symbols and 8
// places give 31^8 ≈ 8.5 × 10^11 codes, so a random draw practically never meets a taken one (the unique index
// still decides, and the repository draws again).
export const REFERRAL_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERRAL_CODE_LENGTH = 8;

const CODE_PATTERN = new RegExp(`^[${REFERRAL_CODE_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`);

/** A new random referral code; `randomIndex(n)` draws from 0..n-1 (crypto.randomInt unless a test passes one). */
export const newReferralCode = (randomIndex: (n: number) => number = randomInt): string =>
  Array.from({ length: REFERRAL_CODE_LENGTH }, () => REFERRAL_CODE_ALPHABET[randomIndex(REFERRAL_CODE_ALPHABET.length)]).join('');

/**
 * The code as stored, from what a customer typed: trimmed, upper-cased, separators (space, dash) dropped; null
 * when it cannot be a code at all (wrong length or a symbol outside the alphabet, such as O or 1).
 */
export const normaliseReferralCode = (raw: string): string | null => {
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
};

/**
 * The 422 of a sign-up whose referral code names no customer (also for one that cannot be a code): the body is
 * valid, it names something that does not exist, as every 422 of the API.
 */
export const unknownReferralCode = (raw: string): AppError =>
  new AppError('FAILED_PRECONDITION', `referral_code ${JSON.stringify(raw)} is not the referral code of any customer`, {
    reason: 'REFERRAL_CODE_UNKNOWN',
    httpStatus: 422,
    details: { fields: [{ field: 'referral_code', message: 'is not the referral code of any customer' }] },
  });
