export * from './lib/services';
export * from './lib/subjects';
export * from './lib/errors';
export * from './lib/validation';
export * from './lib/commands';
export * from './lib/identification.schemas';
