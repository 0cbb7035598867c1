import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import type { LogConfig } from '../config/index.js';

export type { Logger } from 'pino';

/**
 * A pino JSON logger tagged with the service name. Every line logged inside an active span carries its
 * trace_id and span_id, so logs and traces join in the UI.
 */
export const createLogger = (service: string, config: LogConfig): Logger =>
  pino({
    name: service,
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = trace.getActiveSpan()?.spanContext();
      return context === undefined ? {} : { trace_id: context.traceId, span_id: context.spanId };
    },
    redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token'], censor: '[redacted]' },
    ...(config.pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname,service' } } }
      : {}),
  });
