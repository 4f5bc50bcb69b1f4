export * from './alb-nginx-tier-props';
export * from './alb-nginx-tier';
export * from './access-log-bucket';
export * from './edge-web-acl';
export * from './nginx-user-data';
