export * from './fixture-policy';
