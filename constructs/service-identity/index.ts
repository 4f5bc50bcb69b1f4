export { ServiceIdentity } from './service-identity';
export type { ServiceIdentityProps } from './service-identity';
