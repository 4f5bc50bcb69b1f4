export type { ApiCaching, ApiFrontProps, ApiOrigin } from './api-front-props';
export { ApiFront, MANAGED_CACHING_DISABLED_POLICY_ID } from './api-front';
export { ORIGIN_VERIFY_HEADER, OriginVerifySecret } from './origin-verify-secret';
export type { OriginVerifySecretProps } from './origin-verify-secret';
