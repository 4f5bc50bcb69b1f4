export * from './watched-resources';
export * from './thresholds';
export * from './alarm-factory';
export * from './monitoring-stack-props';
export * from './monitoring-stack';
export { cacheClusterIds } from './data-alarms';
