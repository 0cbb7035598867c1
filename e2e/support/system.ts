import { loadConfig } from '@micro-ecommerce/pkg/config';
import { gatewayConfigSchema } from '../../scripts/gateway/src/config.js';
import { ServiceProcess } from './service-process.js';

const { config, source } = loadConfig(gatewayConfigSchema.loose(), { defaultStage: 'config/test.yaml' });
const httpOf = (name: keyof typeof config.services) => `http://${config.services[name].http.host}:${config.services[name].http.port}`;

/** Base URL of the gateway of the test stage. */
export const gatewayUrl = `http://${config.gateway.http.host}:${config.gateway.http.port}`;

/** The stage file the tests loaded (STAGE, else config/test.yaml): the processes they start run on it too. */
export const stageFile = source;

/** The stage config as the e2e tests see it (admins, key paths, ports). */
export const stageConfig: any = config;

/**
 * The whole system as real processes on the test ports: customer first (the others fetch its JWKS), then
 * product, cart, payment, order (which calls the three others) and the gateway. Each is ready once its /readyz answers 200.
 */
export const startSystem = async (): Promise<{ processes: Record<string, ServiceProcess>; stop(): Promise<void> }> => {
  const processes: Record<string, ServiceProcess> = {
    customer: new ServiceProcess('customer', 'service.customer/dist/main.js', `${httpOf('customer')}/readyz`, stageFile),
    product: new ServiceProcess('product', 'service.product/dist/main.js', `${httpOf('product')}/readyz`, stageFile),
    cart: new ServiceProcess('cart', 'service.cart/dist/main.js', `${httpOf('cart')}/readyz`, stageFile),
    payment: new ServiceProcess('payment', 'service.payment/dist/main.js', `${httpOf('payment')}/readyz`, stageFile),
    order: new ServiceProcess('order', 'service.order/dist/main.js', `${httpOf('order')}/readyz`, stageFile),
    gateway: new ServiceProcess('gateway', 'scripts/gateway/dist/main.js', `${gatewayUrl}/healthz`, stageFile),
  };
  const started: ServiceProcess[] = [];
  const stop = async () => {
    for (const proc of started.reverse()) await proc.stop();
  };
  try {
    for (const proc of Object.values(processes)) {
      await proc.start();
      started.push(proc);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, stop };
};
