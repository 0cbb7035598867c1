import { describe, expect, it } from 'vitest';
import { isCustomerId } from './customer-id.js';

describe('isCustomerId', () => {
  it('accepts UUIDs only', () => {
    expect(isCustomerId('7f9c2ba4-e88f-4d1a-9c5e-3b2a1d0e9f11')).toBe(true);
    expect(isCustomerId('test-customer')).toBe(false);
    expect(isCustomerId('')).toBe(false);
  });
});
