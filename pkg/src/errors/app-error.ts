/** The gRPC status names; every AppError belongs to one of them (STYLE.md rule 3). */
export const ERROR_KINDS = [
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface AppErrorOptions {
  /** Business reason shown to clients as `error.code`, e.g. OUT_OF_STOCK. Defaults to the kind. */
  reason?: string;
  /** Structured context for the client, e.g. which field was wrong. Never secrets. */
  details?: Record<string, unknown>;
  /** Overrides the HTTP status derived from the kind (e.g. 402 for INSUFFICIENT_FUNDS). */
  httpStatus?: number;
  cause?: unknown;
}

/** The one error type domain and application code throw; the HTTP and gRPC edges translate it. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;
  readonly httpStatus: number | undefined;

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.reason = options.reason ?? kind;
    this.details = options.details;
    this.httpStatus = options.httpStatus;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
