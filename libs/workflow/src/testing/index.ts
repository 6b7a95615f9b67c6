export * from './fixture-policy';
export * from './case-journey';
export * from './case-graph';
export * from './behaviour-fingerprint';
