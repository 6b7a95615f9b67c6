export * from './lib/nats-config';
export * from './lib/event-stream';
export * from './lib/outbox-relay';
export * from './lib/durable-consumer';
export * from './lib/logger';
