export { isUuid } from './is-uuid.js';
