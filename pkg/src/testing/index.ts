export { testConfig } from './test-config.js';
