export * from './service-identity';
