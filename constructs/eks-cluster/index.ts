export * from './kubernetes-version';
export * from './eks-cluster-props';
export * from './eks-cluster';
export * from './add-on-resources';
export * from './node-group';
export * from './controller-roles';
export * from './pod-identity-role';
export * from './container-insights';
