import { z } from '@hono/zod-openapi';

// What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), spelled out so that the
// documented pattern means the same to every regex dialect that reads the OpenAPI document (a client's `\s`
// may differ, e.g. Python's counts U+001C–U+001F and not U+FEFF).
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
// NUL is refused everywhere: PostgreSQL text cannot hold it and BSON keys cannot contain it.
const NUL = '\\u0000';
const CONTROLS = '\\u0000-\\u001f\\u007f';

export interface TextLimits {
  /** Fewest characters (code points), counted before trimming. */
  min?: number;
  /** Most characters (code points), counted before trimming. */
  max: number;
  /** Needs a character that is not whitespace. */
  notBlank?: boolean;
  /** No control characters at all (tab and newline included): names, labels, keys. Otherwise only NUL is refused. */
  singleLine?: boolean;
  /** More characters to refuse, as the inside of a regex character class (e.g. '.$' for a document key). */
  alsoForbidden?: string;
  /** The value the handler sees has its surrounding whitespace removed. */
  trim?: boolean;
}

/**
 * The JSON Schema of a textField, for places zod does not document on its own (a record's propertyNames). The
 * pattern is for the document only: the field's checks are linear, this pattern could backtrack on a long
 * blank value.
 */
export const textFieldDocument = ({ min = 0, max, notBlank = false, singleLine = false, alsoForbidden = '' }: TextLimits) => {
  const forbidden = `${singleLine ? CONTROLS : NUL}${alsoForbidden}`;
  const pattern = `^[^${forbidden}]*${notBlank ? `[^${forbidden}${TRIMMED}][^${forbidden}]*` : ''}$`;
  return { ...(min > 0 ? { minLength: min } : {}), maxLength: max, pattern };
};

/**
 * A string field whose limits mean what the OpenAPI document says: JSON Schema's minLength/maxLength count
 * characters (code points) while zod's .min/.max count UTF-16 units, so an emoji would count twice and a
 * document generated from .max would promise lengths the server refuses. Lengths are checked on the raw value,
 * before any trim, so that the document (which knows nothing of trimming) and the server agree. The character
 * rules are documented as one `pattern`.
 */
export const textField = ({ min = 0, max, notBlank = false, singleLine = false, alsoForbidden = '', trim = false }: TextLimits) => {
  const forbidden = `${singleLine ? CONTROLS : NUL}${alsoForbidden}`;
  const hasForbidden = new RegExp(`[${forbidden}]`);
  const hasVisible = new RegExp(`[^${TRIMMED}]`);
  const forbiddenMessage = `must not contain ${singleLine ? 'control characters' : 'NUL'}${alsoForbidden ? ` or any of ${alsoForbidden}` : ''}`;
  // One message per field: the first rule the value breaks.
  const problem = (value: string): string | undefined => {
    // A code point is one or two UTF-16 units: past 2·max units the value is too long, whatever it holds, and
    // nothing below walks it (a huge value would otherwise be spread into an array of code points first).
    if (value.length > 2 * max) return `must be at most ${max} characters`;
    const length = [...value].length;
    if (length < min) return `must be at least ${min} characters`;
    if (length > max) return `must be at most ${max} characters`;
    if (hasForbidden.test(value)) return forbiddenMessage;
    if (notBlank && !hasVisible.test(value)) return 'must not be blank';
    return undefined;
  };
  const checked = z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
  const documented = checked.openapi(textFieldDocument({ min, max, notBlank, singleLine, alsoForbidden }));
  return trim ? documented.trim() : documented;
};
