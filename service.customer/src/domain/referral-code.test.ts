import { describe, expect, it } from 'vitest';
import { REFERRAL_CODE_ALPHABET, newReferralCode, normaliseReferralCode, unknownReferralCode } from './referral-code.js';

describe('referral codes', () => {
  it('are 8 symbols of an alphabet without the look-alikes 0, O, 1, I and L', () => {
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(REFERRAL_CODE_ALPHABET).not.toContain(ambiguous);
    for (let i = 0; i < 200; i++) expect(newReferralCode()).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  });

  it('use every symbol of the alphabet, drawn by the given source', () => {
    let next = 0;
    const sequential = (n: number) => next++ % n;
    const drawn = Array.from({ length: 4 }, () => newReferralCode(sequential)).join('');
    expect(new Set(drawn)).toEqual(new Set(REFERRAL_CODE_ALPHABET));
  });

  it('rarely repeat', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newReferralCode()));
    expect(codes.size).toBe(10_000);
  });

  it('accept what a customer types in lower case, with spaces or dashes', () => {
    expect(normaliseReferralCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(normaliseReferralCode('abcd 2345')).toBe('ABCD2345');
  });

  it('refuse a string that cannot be a code', () => {
    for (const raw of ['', 'ABCD234', 'ABCD23456', 'ABCD234O', 'ABCD2341', 'ÄBCD2345']) expect(normaliseReferralCode(raw)).toBeNull();
  });

  it('answer an unknown code with a 422 naming the field', () => {
    expect(unknownReferralCode('NOPE')).toMatchObject({
      kind: 'FAILED_PRECONDITION',
      reason: 'REFERRAL_CODE_UNKNOWN',
      details: { fields: [{ field: 'referral_code', message: expect.any(String) }] },
    });
  });
});
