export { createEvent, parseEvent, encodeEvent, type EventEnvelope } from './event-envelope.js';
export { EventProducer, type EventProducerOptions, type TransactionChecker, type CheckResult } from './event-producer.js';
export { EventConsumer, type EventConsumerOptions, type EventHandler } from './event-consumer.js';
export { byEventType } from './by-event-type.js';
export { byTopic } from './by-topic.js';
export { processOnce } from './process-once.js';
export { TOPICS, eventId, parseEventData } from './event-contracts.js';
export { stageName } from './stage-name.js';
export { withSettingsReplay } from './settings-replay.js';
