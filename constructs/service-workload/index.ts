export * from './service-workload-props';
export * from './service-workload';
