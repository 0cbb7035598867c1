export { testConfig } from './test-config.js';
export { createFakeBranches, type FakeParticipantBehaviour } from './fake-tcc-participant.js';
export { testTokens, type TestTokens } from './test-tokens.js';
export { waitUntil, warmUpConsumer } from './wait-until.js';
export { sampleValue } from './sample-value.js';
export { openEventStream, type SseEvent } from './sse-client.js';
export { throwawaySigningKey } from './throwaway-signing-key.js';
