export * from './fault-injection-experiments';
export * from './tagged-resources';
