import type { AppError, ErrorKind } from './app-error.js';

// Follows google.rpc.Code's documented HTTP mapping.
const HTTP_STATUS_BY_KIND: Record<ErrorKind, number> = {
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

/** HTTP status for an AppError: its explicit override, else the kind's standard mapping. */
export const httpStatusOf = (error: AppError): number => error.httpStatus ?? HTTP_STATUS_BY_KIND[error.kind];

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
  request_id?: string;
}

/** The public error body of DESIGN.md §4. */
export const errorEnvelope = (error: AppError, requestId?: string): ErrorEnvelope => ({
  error: {
    code: error.reason,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  },
  ...(requestId === undefined ? {} : { request_id: requestId }),
});
