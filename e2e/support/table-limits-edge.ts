import { loadRouteTableWithLimits, matchRoute, rateLimitClassFor } from '@micro-ecommerce/pkg/config';
import { ServiceProcess } from './service-process.js';
import { gatewayUrl, stageConfig, stageFile } from './system.js';

export const SIGNUP = '/api/v1/customer/signup';

/** What config/routes.yaml allows one address on the signup route: its class, limit and window. */
export const signupLimit = (): { klass: string; limit: number; window: number } => {
  const table = loadRouteTableWithLimits(stageConfig.gateway.routes_file);
  const klass = rateLimitClassFor(matchRoute(table.routes, SIGNUP)!.rate_limit, 'POST');
  const { per_ip: limit, window_seconds: window } = table.rateLimitClasses[klass]!;
  return { klass, limit, window };
};

/**
 * The customer service and a gateway counting with config/routes.yaml's own limits - the test stage multiplies them
 * by 1000 so that the rest of the suite is never throttled - under a Redis key prefix of their own, so their
 * counters neither leak into other runs nor see theirs.
 */
export const startTableLimitsEdge = async (keyPrefix: string): Promise<{ stop(): Promise<void> }> => {
  const customerHttp = stageConfig.services.customer.http;
  const customer = new ServiceProcess(
    'customer',
    'service.customer/dist/main.js',
    `http://${customerHttp.host}:${customerHttp.port}/readyz`,
    stageFile,
  );
  const gateway = new ServiceProcess('gateway', 'scripts/gateway/dist/main.js', `${gatewayUrl}/healthz`, stageFile);
  await customer.start();
  await gateway.start({
    CONFIG__GATEWAY__RATE_LIMIT__LIMIT_MULTIPLIER: '1',
    CONFIG__GATEWAY__RATE_LIMIT__KEY_PREFIX: `${keyPrefix}${crypto.randomUUID()}:`,
  });
  return {
    stop: async () => {
      await gateway.stop();
      await customer.stop();
    },
  };
};
