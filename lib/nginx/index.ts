export * from './nginx-config';
export * from './render';
export * from './validate';
