export * from './lib/actor';
export * from './lib/iso-duration';
export * from './lib/case-events';
export * from './lib/case-context';
export * from './lib/service-policy';
export * from './lib/refusals';
export * from './lib/approval.machine';
export * from './lib/case-workflow';
