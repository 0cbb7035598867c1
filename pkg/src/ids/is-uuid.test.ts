import { describe, expect, it } from 'vitest';
import { isUuid } from './index.js';

describe('isUuid', () => {
  it.each(['3f2c8a4e-1b7d-4c9e-8f00-0123456789ab', '3F2C8A4E-1B7D-4C9E-8F00-0123456789AB'])('accepts %s', (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    '',
    'not-a-uuid',
    '3f2c8a4e1b7d4c9e8f000123456789ab',
    '3f2c8a4e-1b7d-4c9e-8f00-0123456789ab0',
    ' 3f2c8a4e-1b7d-4c9e-8f00-0123456789ab',
  ])('refuses %j', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});
