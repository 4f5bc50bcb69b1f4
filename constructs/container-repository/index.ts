export * from './container-repository';
