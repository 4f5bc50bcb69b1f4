export { PriceClass } from './static-assets-props';
export type { StaticAssetsProps, StaticAssetsZone } from './static-assets-props';
export { CLOUDFRONT_REGION, ONE_YEAR_SECONDS, StaticAssets, VIEWER_TLS_POLICY } from './static-assets';
export { CdnWebAcl } from './cdn-web-acl';
export type { CdnWebAclProps } from './cdn-web-acl';
