import { infraConfigSchema, loadConfig, type InfraConfig } from '../config/index.js';

/** The shared infrastructure config of the test stage (STAGE, else config/test.yaml), for integration tests. */
export const testConfig = (): InfraConfig => loadConfig(infraConfigSchema, { defaultStage: 'config/test.yaml' }).config;
