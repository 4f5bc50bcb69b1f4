export * from './kafka-version';
export * from './msk-cluster-props';
export * from './msk-cluster';
