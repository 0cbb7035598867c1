import { AppError } from '@micro-ecommerce/pkg/errors';

/**
 * An INVALID_ARGUMENT error naming one field, shaped like the edge's zod errors ({fields: [{field, message}]})
 * so a client reads domain and schema rejections the same way.
 */
export const invalidField = (field: string, message: string): AppError =>
  new AppError('INVALID_ARGUMENT', `invalid request: ${field}: ${message}`, { details: { fields: [{ field, message }] } });
