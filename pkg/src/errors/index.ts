export { AppError, ERROR_KINDS, isAppError, type AppErrorOptions, type ErrorKind } from './app-error.js';
export { httpStatusOf, errorEnvelope, type ErrorEnvelope } from './http-status.js';
export { toGrpcStatus, fromGrpcError } from './grpc-status.js';
export { fieldIssues, validationError, type FieldIssue } from './validation-error.js';
