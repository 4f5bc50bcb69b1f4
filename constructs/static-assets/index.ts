export * from './static-assets-props';
export * from './static-assets';
export { CdnWebAcl } from './cdn-web-acl';
export type { CdnWebAclProps } from './cdn-web-acl';
