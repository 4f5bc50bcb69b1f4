export * from './namespace-baseline';
