import { describe, expect, it } from 'vitest';
import { escapeRegex, MAX_QUERY_LENGTH, searchPattern, searchTextOf } from './search.js';

describe('search', () => {
  it('indexes title, body and category lower-cased with whitespace collapsed', () => {
    expect(searchTextOf({ title: ' Trail  Runner ', body: 'Light\n\nand FAST', category: 'footwear' })).toBe(
      'trail runner\nlight and fast\nfootwear',
    );
  });

  it('escapes every regex metacharacter so input matches literally', () => {
    const nasty = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    const escaped = escapeRegex(nasty);
    expect(new RegExp(escaped).test(nasty)).toBe(true);
    expect(new RegExp(`^${escaped}$`).test('aXb*c+d?e^f$g{h}i(j)k|l[m]n\\o')).toBe(false);
    expect(escapeRegex('c++')).toBe('c\\+\\+');
  });

  it('turns a query into a lower-cased literal pattern, or nothing when blank', () => {
    expect(searchPattern('  Red   (XL) ')).toBe('red \\(xl\\)');
    expect(searchPattern('   ')).toBeUndefined();
    expect(searchPattern(undefined)).toBeUndefined();
  });

  it('caps the pattern length', () => {
    expect(searchPattern('x'.repeat(MAX_QUERY_LENGTH + 50))).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('finds a query in the search text whatever its case', () => {
    const text = searchTextOf({ title: 'C++ Primer (5th ed.)', body: '', category: 'Books' });
    expect(new RegExp(searchPattern('c++ primer (5TH')!).test(text)).toBe(true);
    expect(new RegExp(searchPattern('c+ primer')!).test(text)).toBe(false);
  });
});
