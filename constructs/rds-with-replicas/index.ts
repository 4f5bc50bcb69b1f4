export * from './engine';
export * from './instance-classes';
export * from './master-password';
export * from './parameters';
export * from './rds-with-replicas-props';
export * from './rds-with-replicas';
