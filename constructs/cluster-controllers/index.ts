export * from './cluster-controllers';
export * from './controller-resources';
