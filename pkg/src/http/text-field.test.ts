import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { textField, textFieldDocument } from './text-field.js';

const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('textField', () => {
  it('counts characters (code points) as JSON Schema does, not UTF-16 units', () => {
    const field = textField({ min: 2, max: 3 });
    expect(messages(field, '😀😀😀')).toEqual([]);
    expect(messages(field, '😀😀😀😀')).toEqual(['must be at most 3 characters']);
    expect(messages(field, '😀')).toEqual(['must be at least 2 characters']);
  });

  it('refuses a value far past the limit by its length alone, before walking its characters', () => {
    const field = textField({ max: 8 });
    const iterate = String.prototype[Symbol.iterator];
    // Walking the characters of a huge value is what cost memory and time: make any walk fail the test.
    String.prototype[Symbol.iterator] = () => {
      throw new Error('walked the characters');
    };
    try {
      expect(messages(field, 'x'.repeat(17))).toEqual(['must be at most 8 characters']);
    } finally {
      String.prototype[Symbol.iterator] = iterate;
    }
    expect(messages(field, '😀'.repeat(8))).toEqual([]);
  });

  it('checks lengths before trimming and hands the handler the trimmed value', () => {
    const field = textField({ min: 1, max: 3, notBlank: true, trim: true });
    expect(field.parse(' ab')).toBe('ab');
    expect(messages(field, ' abc')).toEqual(['must be at most 3 characters']);
    expect(messages(field, ' \u3000\ufeff')).toEqual(['must not be blank']);
  });

  it('refuses NUL always, every control character on one line, and the extra characters given', () => {
    expect(messages(textField({ max: 9 }), 'a\u0000')).toEqual(['must not contain NUL']);
    expect(messages(textField({ max: 9 }), 'a\nb\tc')).toEqual([]);
    expect(messages(textField({ max: 9, singleLine: true }), 'a\nb')).toEqual(['must not contain control characters']);
    expect(messages(textField({ max: 9, singleLine: true, alsoForbidden: '.$' }), 'a.b')).toHaveLength(1);
  });

  it('documents exactly the rules it checks: the pattern accepts what the field accepts', () => {
    const limits = { min: 1, max: 20, notBlank: true, singleLine: true, alsoForbidden: '.$' };
    const field = textField(limits);
    const doc = textFieldDocument(limits);
    expect(doc).toMatchObject({ minLength: 1, maxLength: 20 });
    const pattern = new RegExp(doc.pattern);
    for (const value of ['size', ' a ', '\u00a0', 'a.b', '$x', 'a\tb', 'ü ß', '   '])
      expect(pattern.test(value), JSON.stringify(value)).toBe(field.safeParse(value).success);
  });
});
