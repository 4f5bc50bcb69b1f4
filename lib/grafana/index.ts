export * from './dashboard';
export * from './service-dashboards';
