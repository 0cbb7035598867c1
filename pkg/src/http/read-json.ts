import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, validationError } from '../errors/index.js';

/** Parses and validates a JSON request body; malformed JSON and schema violations become 400s naming the problem. */
export const readJson = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'request body is not valid JSON', { reason: 'MALFORMED_JSON' });
  }
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(result.error, 'request body');
  return result.data;
};
