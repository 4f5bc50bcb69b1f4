export * from './engine';
export * from './redis-cluster-props';
export * from './redis-cluster';
