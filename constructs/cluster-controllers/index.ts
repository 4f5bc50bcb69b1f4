export * from './cluster-controllers';
