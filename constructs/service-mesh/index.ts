export * from './charts';
export * from './service-mesh';
export * from './mesh-policies';
export * from './mesh-network';
