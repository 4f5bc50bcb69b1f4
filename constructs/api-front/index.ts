export * from './api-front-props';
export * from './api-front';
export * from './origin-verify-secret';
