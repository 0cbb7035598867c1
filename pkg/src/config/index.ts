export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { applyEnvOverrides, ENV_PREFIX } from './env-overrides.js';
export { ConfigError } from './config-error.js';
export * from './schemas.js';
