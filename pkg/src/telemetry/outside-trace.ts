import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * Runs `work` outside the active trace. For work a request starts but does not wait for (a cache refresh behind its
 * answer): inside the request's trace its spans would read as steps the request waited for.
 */
export const outsideTrace = <T>(work: () => T): T => context.with(ROOT_CONTEXT, work);
