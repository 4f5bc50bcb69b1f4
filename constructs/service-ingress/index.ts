export * from './service-ingress';
