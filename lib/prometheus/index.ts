export * from './rules';
export * from './service-alerts';
export * from './unit-tests';
export * from './custom-metrics';
export * from './cluster-alerts';
export * from './mesh-alerts';
export * from './kafka-alerts';
