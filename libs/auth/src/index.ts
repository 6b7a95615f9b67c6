export * from './lib/principal-token';
