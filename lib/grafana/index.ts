export * from './dashboard';
export * from './service-dashboards';
export * from './mesh-dashboards';
