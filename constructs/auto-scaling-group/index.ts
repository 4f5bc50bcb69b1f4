export * from './auto-scaling-group-props';
export * from './auto-scaling-group';
