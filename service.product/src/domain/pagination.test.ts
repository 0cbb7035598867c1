import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageInfo, pageRequest, pageWindow } from './pagination.js';

describe('pagination', () => {
  it('defaults to the first page of DEFAULT_PAGE_SIZE', () => {
    expect(pageRequest()).toEqual({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  });

  it('skips the items of earlier pages', () => {
    expect(pageWindow({ page: 1, pageSize: 20 })).toEqual({ skip: 0, limit: 20 });
    expect(pageWindow({ page: 3, pageSize: 7 })).toEqual({ skip: 14, limit: 7 });
  });

  it('counts pages, the last one partial', () => {
    expect(pageInfo({ page: 2, pageSize: 10 }, 21)).toEqual({ page: 2, pageSize: 10, total: 21, totalPages: 3 });
    expect(pageInfo({ page: 1, pageSize: 10 }, 20).totalPages).toBe(2);
    expect(pageInfo({ page: 1, pageSize: 10 }, 0).totalPages).toBe(0);
  });

  it('bounds the page size and rejects pages below 1, naming the parameter', () => {
    expect(pageRequest(1, MAX_PAGE_SIZE).pageSize).toBe(MAX_PAGE_SIZE);
    expect(() => pageRequest(1, MAX_PAGE_SIZE + 1)).toThrow(/page_size/);
    expect(() => pageRequest(0, 10)).toThrow(/page:/);
    expect(() => pageRequest(1.5, 10)).toThrow(/page:/);
  });
});
