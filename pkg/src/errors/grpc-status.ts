import { Metadata, status as GrpcStatus, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { AppError, ERROR_KINDS, type ErrorKind } from './app-error.js';

// AppError fields that the gRPC status code alone cannot carry travel in trailing metadata.
const REASON_KEY = 'x-app-error-reason';
const DETAILS_KEY = 'x-app-error-details';
const HTTP_STATUS_KEY = 'x-app-error-http-status';

const codeOf = (kind: ErrorKind): GrpcStatus => GrpcStatus[kind];

const kindOf = (code: number): ErrorKind => {
  const name = GrpcStatus[code] as string | undefined;
  return (ERROR_KINDS as readonly string[]).includes(name ?? '') ? (name as ErrorKind) : 'UNKNOWN';
};

/** Turns an AppError into the status object a grpc-js handler passes to its callback. */
export const toGrpcStatus = (error: AppError): Partial<StatusObject> => {
  const metadata = new Metadata();
  metadata.set(REASON_KEY, error.reason);
  if (error.details !== undefined) metadata.set(DETAILS_KEY, JSON.stringify(error.details));
  if (error.httpStatus !== undefined) metadata.set(HTTP_STATUS_KEY, String(error.httpStatus));
  return { code: codeOf(error.kind), details: error.message, metadata };
};

const firstString = (metadata: Metadata | undefined, key: string): string | undefined => {
  const value = metadata?.get(key)[0];
  return typeof value === 'string' ? value : undefined;
};

/** Rebuilds the AppError a remote service raised (or one describing a transport failure). */
export const fromGrpcError = (error: ServiceError | (Error & { code?: number; metadata?: Metadata })): AppError => {
  const kind = kindOf(error.code ?? GrpcStatus.UNKNOWN);
  const detailsJson = firstString(error.metadata, DETAILS_KEY);
  const httpStatus = firstString(error.metadata, HTTP_STATUS_KEY);
  const message = 'details' in error && typeof error.details === 'string' && error.details !== '' ? error.details : error.message;
  return new AppError(kind, message, {
    reason: firstString(error.metadata, REASON_KEY) ?? kind,
    details: detailsJson === undefined ? undefined : (JSON.parse(detailsJson) as Record<string, unknown>),
    httpStatus: httpStatus === undefined ? undefined : Number(httpStatus),
    cause: error,
  });
};
