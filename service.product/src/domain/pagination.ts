import { invalidField } from './invalid-field.js';

/** Page size when the caller names none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;
// Deep pages cost a skip over every earlier document; nobody pages this far through a catalog by hand.
export const MAX_PAGE = 10_000;

/** A 1-based page of `pageSize` items. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** What a list answer says about its page. */
export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** Validates a page request (defaults applied) and returns it. */
export const pageRequest = (page = 1, pageSize = DEFAULT_PAGE_SIZE): PageRequest => {
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw invalidField('page', `must be an integer from 1 to ${MAX_PAGE}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw invalidField('page_size', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return { page, pageSize };
};

/** The skip/limit window of a page. */
export const pageWindow = ({ page, pageSize }: PageRequest): { skip: number; limit: number } => ({
  skip: (page - 1) * pageSize,
  limit: pageSize,
});

/** The page description of a list answer, given how many items match in total. */
export const pageInfo = ({ page, pageSize }: PageRequest, total: number): PageInfo => ({
  page,
  pageSize,
  total,
  totalPages: Math.ceil(total / pageSize),
});
