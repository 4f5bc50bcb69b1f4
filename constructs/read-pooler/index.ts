export * from './pgbouncer-config';
export * from './read-pooler-props';
export * from './read-pooler-role';
export * from './read-pooler';
export * from './secrets-store-csi';
export * from './server-tls';
export * from './sizing';
