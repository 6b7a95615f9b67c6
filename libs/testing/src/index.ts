export * from './lib/processes';
export * from './lib/databases';
export * from './lib/stack';
export * from './lib/events';
