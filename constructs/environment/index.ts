export * from './environment';
export * from './aws-stack';
export * from './platform-stack';
export * from './compute-tier';
export * from './data-tier';
export * from './edge-tier';
export * from './services-tier';
export * from './workload-identities';
export { configureBackend } from './backend';
