export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { applyEnvOverrides, ENV_PREFIX } from './env-overrides.js';
export { ConfigError } from './config-error.js';
export * from './schemas.js';
export { loadRouteTable, matchRoute, SERVICE_NAMES, type Route, type ServiceName } from './route-table.js';
export { childEnv } from './child-env.js';
