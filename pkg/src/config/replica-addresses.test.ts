import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { grpcTargetOf, httpOriginsOf, parseReplicas, withReplicaAddresses } from './replica-addresses.js';
import { replicaInstances, replicaPlanSchema, replicasOf } from './replica-plan.js';

const ones = { customer: 1, product: 1, cart: 1, order: 1, payment: 1 };

describe('replica addresses', () => {
  it('names every slot, the spare included, in one grpc-js ipv4 target', () => {
    expect(grpcTargetOf('127.0.0.1:19102', 2)).toBe('ipv4:127.0.0.1:19102,127.0.0.1:19112,127.0.0.1:19122');
    expect(grpcTargetOf('127.0.0.1:9103', 1)).toBe('ipv4:127.0.0.1:9103,127.0.0.1:9113');
  });

  it('leaves an address alone without local replicas or when it is a DNS name (a Kubernetes Service balances)', () => {
    expect(grpcTargetOf('127.0.0.1:9102', undefined)).toBe('127.0.0.1:9102');
    expect(grpcTargetOf('product:9090', 3)).toBe('product:9090');
  });

  it('rewrites every address of a config with replicas, and nothing without', () => {
    const addresses = {
      customer: '127.0.0.1:9101',
      product: '127.0.0.1:9102',
      cart: '127.0.0.1:9103',
      order: '127.0.0.1:9104',
      payment: 'payment:9090',
    };
    const local = withReplicaAddresses({ addresses, replicas: { ...ones, cart: 2 } });
    expect(local.addresses.cart).toBe('ipv4:127.0.0.1:9103,127.0.0.1:9113,127.0.0.1:9123');
    expect(local.addresses.product).toBe('ipv4:127.0.0.1:9102,127.0.0.1:9112');
    expect(local.addresses.payment).toBe('payment:9090');
    expect(withReplicaAddresses({ addresses }).addresses).toBe(addresses);
  });

  it('gives the gateway an origin per slot', () => {
    expect(httpOriginsOf({ host: '127.0.0.1', port: 8104 }, 2)).toEqual([
      'http://127.0.0.1:8104',
      'http://127.0.0.1:8114',
      'http://127.0.0.1:8124',
    ]);
    expect(httpOriginsOf({ host: '127.0.0.1', port: 8104 }, undefined)).toEqual(['http://127.0.0.1:8104']);
  });

  it('parses REPLICAS, one instance for every service it does not name, and reports every bad entry', () => {
    expect(parseReplicas('order=2, cart=3')).toEqual({ ...ones, order: 2, cart: 3 });
    expect(parseReplicas('')).toEqual(ones);
    let problems: readonly string[] = [];
    try {
      parseReplicas('order=0,basket=2,cart');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(3);
  });
});

describe('replica plan of the local stage', () => {
  const { config } = loadConfig(replicaPlanSchema, { env: { STAGE: 'config/local.yaml' } });

  it('starts slots 0..n-1 of every service on the stage ports plus 10 per slot, each told every count', () => {
    const replicas = replicasOf(config, { REPLICAS: 'order=2' });
    const instances = replicaInstances(config, replicas);
    expect(instances.map((i) => i.name)).toEqual(['customer', 'product', 'cart', 'order', 'order-1', 'payment']);
    const second = instances.find((i) => i.name === 'order-1')!;
    expect(second).toMatchObject({ httpPort: 8114, grpcPort: 9114, readyUrl: 'http://127.0.0.1:8114/readyz' });
    expect(second.env).toMatchObject({
      CONFIG__SERVICES__ORDER__HTTP__PORT: '8114',
      CONFIG__SERVICES__ORDER__GRPC__PORT: '9114',
      CONFIG__REPLICAS__ORDER: '2',
      CONFIG__REPLICAS__CART: '1',
    });
  });

  it('reads the counts from the stage when REPLICAS is unset, and an instance loads them back as its config', () => {
    expect(replicasOf(config, {})).toEqual(ones);
    const [first] = replicaInstances(config, { ...ones, customer: 2 });
    const loaded = loadConfig(replicaPlanSchema, { env: { STAGE: 'config/local.yaml', ...first!.env } }).config;
    expect(loaded.replicas?.customer).toBe(2);
    expect(loaded.services.customer.http.port).toBe(8101);
  });
});
