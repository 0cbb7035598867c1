/** Longest accepted search query; longer patterns only cost the database time. */
export const MAX_QUERY_LENGTH = 100;

// Whitespace runs are collapsed on both sides so that "red   shirt" finds "Red shirt".
const normalize = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The lower-cased text a product is searched by. The catalog store has no full-text index we can rely on
 * (FerretDB has no $text), so searching is a case-insensitive substring match on this one field.
 */
export const searchTextOf = (fields: { title: string; body: string; category: string }): string =>
  [fields.title, fields.body, fields.category].map(normalize).join('\n');

/** Escapes every regular-expression metacharacter, so user input is matched literally. */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The literal, lower-cased regex source for a user query, or undefined when the query is blank. */
export const searchPattern = (query: string | undefined): string | undefined => {
  if (query === undefined) return undefined;
  const text = normalize(query).slice(0, MAX_QUERY_LENGTH);
  return text === '' ? undefined : escapeRegex(text);
};
