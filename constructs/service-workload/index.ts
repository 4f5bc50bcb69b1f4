export * from './service-workload-props';
export * from './service-workload';
export * from './service-account';
