export * from './kafka-topics';
export * from './service-account';
