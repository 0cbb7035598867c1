import type { z } from 'zod';
import { AppError } from './app-error.js';

export interface FieldIssue {
  field: string;
  message: string;
}

/** Flattens zod issues to `{field, message}` pairs; the field is the dotted path ("items.0.quantity"). */
export const fieldIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({
    field: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));

/** An INVALID_ARGUMENT AppError whose message and details name every bad field. */
export const validationError = (error: z.ZodError, what = 'request'): AppError => {
  const fields = fieldIssues(error);
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('INVALID_ARGUMENT', `invalid ${what}: ${summary}`, { details: { fields } });
};
