import { AppError } from '@micro-ecommerce/pkg/errors';

/**
 * An INVALID_ARGUMENT naming one field, shaped like the edge's zod failures (details.fields), so a client
 * reads every validation error the same way whichever layer caught it.
 */
export const fieldError = (field: string, message: string): AppError =>
  new AppError('INVALID_ARGUMENT', `${field} ${message}`, { details: { fields: [{ field, message }] } });
