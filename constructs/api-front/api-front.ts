import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution, CloudfrontDistributionOrderedCacheBehavior } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontMonitoringSubscription } from '@cdktf/provider-aws/lib/cloudfront-monitoring-subscription';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { CLOUDFRONT_QUOTAS } from '../../lib/capacity/cdn';
import { invalid } from '../../lib/errors';
import { checkPlanSlice } from '../../lib/plan-slice';
import { Protection, resolveProtection } from '../../lib/protection';
import { DESIGN_NOTES_RATE_LIMITS } from '../../lib/rate-limits';
import { checkArray, checkDnsName, checkInteger, checkName, checkOneOf, checkProps, checkRequiredObject, checkString, isUnresolved } from '../../lib/validation';
import { KEEPALIVE_MARGIN_SECONDS } from '../alb-nginx-tier/alb-nginx-tier';
import { EdgeWebAcl, WebAclScope } from '../alb-nginx-tier/edge-web-acl';
import { EncryptionKey } from '../encryption-key';
import { MonitoringTargets } from '../monitoring-stack';
import { cdnStandardLogs, checkGlobalProvider, CLOUDFRONT_REGION } from '../private/cdn-standard-logs';
import { dnsValidatedCertificate } from '../private/dns-validated-certificate';
import { PriceClass, VIEWER_TLS_POLICY } from '../static-assets';
import { ApiFrontProps } from './api-front-props';
import { OriginVerifySecret } from './origin-verify-secret';

/**
 * AWS managed cache policy "CachingDisabled": min, default and max TTL 0, nothing in the key.
 * The id is the same in every account.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
export const MANAGED_CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/**
 * AWS managed origin request policy "AllViewerExceptHostHeader": every viewer header but `Host`
 * (so `Authorization` and `user-type` reach the services, and CloudFront validates the origin's
 * certificate against the origin's own name), every cookie and query string, and CloudFront's
 * viewer headers, among them `CloudFront-Viewer-Address` (the client's IP and port). A custom
 * policy cannot forward `Authorization` (CloudFront answers 400: it belongs in a cache key,
 * https://repost.aws/knowledge-center/cloudfront-authorization-header), and a cache key needs a
 * TTL above 0, so with caching off this managed policy is how `Authorization` reaches the origin.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
export const MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
/** TLS to the ALBs: 1.2 only (CloudFront offers SSLv3, TLSv1, TLSv1.1, TLSv1.2; the ALBs' policy accepts 1.2 and 1.3). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginSSLProtocols */
export const ORIGIN_SSL_PROTOCOLS = ['TLSv1.2'];
/** CloudFront's origin keep-alive and response timeouts start at 1 s (quotas page, with the maxima in CLOUDFRONT_QUOTAS). */
export const ORIGIN_TIMEOUT_MIN_SECONDS = 1;
/** Headers in one cache policy's key. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies */
export const CACHE_KEY_HEADERS_MAX = 10;
/** Largest TTL CloudFront accepts in a cache policy: one year is what any API response needs at most. */
const API_CACHE_TTL_MAX_SECONDS = 31_536_000;
const HSTS_MAX_AGE_SECONDS = 63_072_000;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;
const ORIGIN_ID = 'api';
const HTTPS_PORT = 443;
const HTTP_PORT = 80;
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
/** The distribution's name in alarm names. */
const MONITORING_NAME = 'api';

/**
 * CloudFront in front of the API: the ALB tier (AlbNginxTier with `cdnOrigin`) as a custom
 * origin, reachable only through this distribution.
 *
 * How the origin is closed (decided against CloudFront VPC origins, README "CDN"): a VPC origin
 * binds one load balancer, and a cache behavior sends to one origin, so a fleet of N ALBs (the
 * plan gives prod 4: processed bytes, not connections, set their LCUs) could not share the load.
 * The origin here is one name with weighted records over every ALB; the ALBs stay
 * internet-facing but their security group admits only the AWS-managed prefix list
 * `com.amazonaws.global.cloudfront.origin-facing` on 443, and nginx refuses (403) any request
 * without this distribution's secret `X-Origin-Verify` header (OriginVerifySecret), which other
 * CloudFront distributions cannot send.
 *
 * - `/api/*` (and the default behavior) never cached: managed CachingDisabled unless `apiCaching`
 *   says otherwise, with `Authorization` then required in the key;
 * - every viewer header but `Host`, every query string and cookie forwarded (managed
 *   AllViewerExceptHostHeader), `CloudFront-Viewer-Address` for the client's IP, which nginx
 *   takes as the real IP when the ALB tier is a CDN origin;
 * - HTTPS only to viewers ({@link VIEWER_TLS_POLICY}) and to the origin (TLS 1.2), origin keep-alive
 *   below the ALBs' idle timeout by the margin nginx keeps above it, origin read timeout as long
 *   as nginx's upstream connect + read, both within CloudFront's limits;
 * - IPv4 viewers only: CloudFront writes an IPv6 viewer's address unbracketed (`<ipv6>:<port>`),
 *   which nginx's real-IP module cannot parse, and the ALBs serve IPv4 only as well;
 * - the rate tiers and AWS managed rules in a web ACL at CloudFront scope (the ALBs then carry
 *   none: every request they see was counted here), standard logs v2, the additional metrics,
 *   A alias records at `domainName`.
 */
export class ApiFront extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly distributionId: string;
  public readonly domainName: string;
  public readonly certificateArn: string;
  public readonly webAcl: EdgeWebAcl;
  public readonly logBucket: S3Bucket;
  public readonly key: EncryptionKey;
  /** CloudFront's keep-alive and read timeout toward the ALBs, seconds. */
  public readonly originKeepaliveSeconds: number;
  public readonly originReadTimeoutSeconds: number;
  /** The distribution for MonitoringStack: 5xx rate and origin latency (no hit rate: nothing is cached). */
  public readonly monitoringTargets: MonitoringTargets;

  constructor(scope: Construct, id: string, props: ApiFrontProps) {
    super(scope, id);
    const protection = this.validate(props);
    const { name, hostedZone, globalProvider, origin, originVerify } = props;
    const zone = hostedZone.zoneName.replace(/\.$/, '');
    this.domainName = props.domainName ?? zone;
    this.originKeepaliveSeconds = props.originKeepaliveSeconds ?? origin.idleTimeoutSeconds - KEEPALIVE_MARGIN_SECONDS;
    this.originReadTimeoutSeconds = props.originReadTimeoutSeconds ?? origin.responseTimeoutSeconds;
    this.checkOriginTimeouts(props);

    this.key = new EncryptionKey(this, 'key', { alias: `${name}-api-cdn`, description: `Encrypts the CloudFront logs of the API of ${name}`, protection });
    this.certificateArn = props.certificateArn ?? dnsValidatedCertificate(this, { domainName: this.domainName, zoneId: hostedZone.zoneId, provider: globalProvider });
    this.webAcl = new EdgeWebAcl(this, 'waf', { name: `${name}-api-cdn`, rateLimits: props.rateLimits ?? DESIGN_NOTES_RATE_LIMITS, albArns: [], scope: WebAclScope.CLOUDFRONT, provider: globalProvider });

    const headers = new CloudfrontResponseHeadersPolicy(this, 'response-headers', {
      name: `${name}-api-security-headers`,
      comment: "Security headers on the API's responses; nginx's own win where it sets them",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: false },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: 'DENY', override: false },
        referrerPolicy: { referrerPolicy: 'no-referrer', override: false },
      },
    });
    const apiCachePolicyId = props.apiCaching
      ? new CloudfrontCachePolicy(this, 'api-cache-policy', {
          name: `${name}-api-cache`,
          comment: 'API responses cached per Authorization (and the other key headers)',
          minTtl: 0,
          defaultTtl: props.apiCaching.defaultTtlSeconds,
          maxTtl: props.apiCaching.maxTtlSeconds,
          parametersInCacheKeyAndForwardedToOrigin: {
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
            cookiesConfig: { cookieBehavior: 'none' },
            headersConfig: { headerBehavior: 'whitelist', headers: { items: [...props.apiCaching.cacheKeyHeaders] } },
            queryStringsConfig: { queryStringBehavior: 'all' },
          },
        }).id
      : MANAGED_CACHING_DISABLED_POLICY_ID;
    const behavior = (cachePolicyId: string) => ({
      targetOriginId: ORIGIN_ID,
      viewerProtocolPolicy: 'https-only',
      allowedMethods: ALL_METHODS,
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId,
      originRequestPolicyId: MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
      responseHeadersPolicyId: headers.id,
    });
    const apiBehavior: CloudfrontDistributionOrderedCacheBehavior = { pathPattern: props.apiPathPattern ?? '/api/*', ...behavior(apiCachePolicyId) };

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `API of ${name}`,
      aliases: [this.domainName],
      httpVersion: 'http2and3',
      isIpv6Enabled: false,
      priceClass: props.priceClass ?? PriceClass.ALL,
      webAclId: this.webAcl.webAcl.arn,
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: origin.domainName,
          customOriginConfig: {
            httpPort: HTTP_PORT,
            httpsPort: HTTPS_PORT,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ORIGIN_SSL_PROTOCOLS,
            originKeepaliveTimeout: this.originKeepaliveSeconds,
            originReadTimeout: this.originReadTimeoutSeconds,
          },
          customHeader: [{ name: originVerify.headerName, value: originVerify.currentValue }],
        },
      ],
      // Paths outside /api/* (none today) reach the origin the same way, never cached.
      defaultCacheBehavior: behavior(MANAGED_CACHING_DISABLED_POLICY_ID),
      orderedCacheBehavior: [apiBehavior],
      viewerCertificate: { acmCertificateArn: this.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: VIEWER_TLS_POLICY },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      tags: { Name: `${name}-api` },
    });
    this.distributionId = this.distribution.id;

    this.logBucket = cdnStandardLogs(this, {
      bucketPrefix: `${name}-api-cdn-logs-`,
      deliveryName: `${name}-api-access-logs`,
      distributionArn: this.distribution.arn,
      retentionDays: protection.logRetention(this, 'logRetentionDays', props.logRetentionDays),
      protection,
      key: this.key,
      globalProvider,
    });
    // Origin latency is an additional metric: off until subscribed.
    new CloudfrontMonitoringSubscription(this, 'additional-metrics', {
      provider: globalProvider,
      distributionId: this.distributionId,
      monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
    });
    new Route53Record(this, 'alias-a', {
      zoneId: hostedZone.zoneId,
      name: this.domainName,
      type: 'A',
      alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
    });
    this.monitoringTargets = { distributions: [{ name: MONITORING_NAME, distributionId: this.distributionId, provider: globalProvider }] };
  }

  private checkOriginTimeouts(props: ApiFrontProps): void {
    const keepaliveMax = CLOUDFRONT_QUOTAS.originKeepaliveSecondsMax;
    const readMax = CLOUDFRONT_QUOTAS.originReadTimeoutSecondsMax;
    const derived = (explicit: number | undefined, from: string) => (explicit === undefined ? ` (derived from ${from})` : '');
    const check = (prop: string, value: number, max: { value: number; source: string }, from: string, fix: string) => {
      if (isUnresolved(value)) return;
      if (!Number.isInteger(value) || value < ORIGIN_TIMEOUT_MIN_SECONDS || value > max.value) {
        invalid(this, prop, value, `is outside CloudFront's ${ORIGIN_TIMEOUT_MIN_SECONDS} to ${max.value} s${derived(prop === 'originKeepaliveSeconds' ? props.originKeepaliveSeconds : props.originReadTimeoutSeconds, from)} (${max.source})`, fix);
      }
    };
    check('originKeepaliveSeconds', this.originKeepaliveSeconds, keepaliveMax, `origin.idleTimeoutSeconds ${props.origin.idleTimeoutSeconds} - ${KEEPALIVE_MARGIN_SECONDS}`, `give the ALBs an idle timeout of ${KEEPALIVE_MARGIN_SECONDS + ORIGIN_TIMEOUT_MIN_SECONDS} to ${keepaliveMax.value + KEEPALIVE_MARGIN_SECONDS} s, pass originKeepaliveSeconds within 1 to ${keepaliveMax.value}, or request a higher keep-alive quota`);
    check('originReadTimeoutSeconds', this.originReadTimeoutSeconds, readMax, `origin.responseTimeoutSeconds ${props.origin.responseTimeoutSeconds}`, `shorten nginx's upstream timeouts, pass originReadTimeoutSeconds within 1 to ${readMax.value}, or request a higher response-timeout quota`);
    if (!isUnresolved(this.originKeepaliveSeconds) && !isUnresolved(props.origin.idleTimeoutSeconds) && this.originKeepaliveSeconds >= props.origin.idleTimeoutSeconds) {
      invalid(this, 'originKeepaliveSeconds', this.originKeepaliveSeconds, `is not below the ALBs' idle timeout (${props.origin.idleTimeoutSeconds} s): the ALB could close a connection CloudFront is about to reuse (502)`, `use at most ${props.origin.idleTimeoutSeconds - 1}`);
    }
  }

  private validate(props: ApiFrontProps): Protection {
    checkProps(this, props, "{ name: 'prod', hostedZone, globalProvider, capacity: plan.cdn, origin: edge.apiOrigin, originVerify }");
    const protection = resolveProtection(this, props);
    checkName(this, 'name', props.name, { maxLength: 32, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'name prefix (bucket prefix "<name>-api-cdn-logs-" within S3\'s 63 characters)' });
    checkRequiredObject(this, 'hostedZone', props.hostedZone, 'pass the public zone, e.g. { zoneId: "Z0123456789ABC", zoneName: "prod.example.com" }');
    checkString(this, 'hostedZone.zoneId', props.hostedZone.zoneId, true);
    checkDnsName(this, 'hostedZone.zoneName', props.hostedZone.zoneName);
    checkGlobalProvider(this, props.globalProvider);
    checkPlanSlice(this, 'capacity', props.capacity);
    if (props.capacity !== undefined && props.capacity.apiFront !== true) {
      invalid(this, 'capacity.apiFront', props.capacity.apiFront, 'is false: the plan sized the ALBs for clients arriving directly, not for CloudFront in front', 'plan with cdn.apiFront true (the environment config), or leave ApiFront out');
    }
    // An API front needs its ALB origin.
    checkRequiredObject(this, 'origin', props.origin, 'pass the ALB tier as origin: origin: albNginxTier.apiOrigin (an AlbNginxTier with cdnOrigin set)');
    checkDnsName(this, 'origin.domainName', props.origin.domainName);
    checkArray(this, 'origin.loadBalancerArns', props.origin.loadBalancerArns, { minLength: 1, what: 'ARNs of the ALBs behind origin.domainName' });
    if (props.origin.loadBalancerArns === undefined) invalid(this, 'origin.loadBalancerArns', undefined, 'is required: an API front with no ALB behind it has nothing to send requests to', 'pass albNginxTier.apiOrigin');
    props.origin.loadBalancerArns.forEach((arn, i) => {
      if (!isUnresolved(arn) && (typeof arn !== 'string' || !/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\//.test(arn))) {
        invalid(this, `origin.loadBalancerArns[${i}]`, arn, 'is not an Application Load Balancer ARN', 'pass the ALB tier\'s ALBs (albNginxTier.apiOrigin)');
      }
    });
    checkInteger(this, 'origin.idleTimeoutSeconds', props.origin.idleTimeoutSeconds, { min: 1 });
    checkInteger(this, 'origin.responseTimeoutSeconds', props.origin.responseTimeoutSeconds, { min: 1 });
    if (!(props.originVerify instanceof OriginVerifySecret)) {
      invalid(this, 'originVerify', props.originVerify, 'is not an OriginVerifySecret', 'create one OriginVerifySecret and pass it to the ALB tier (cdnOrigin.originVerify) and here');
    }
    if (props.domainName !== undefined) {
      checkDnsName(this, 'domainName', props.domainName);
      const zone = props.hostedZone.zoneName.replace(/\.$/, '');
      const domain = props.domainName.replace(/\.$/, '');
      if (!isUnresolved(domain) && !isUnresolved(zone) && domain !== zone && !domain.endsWith(`.${zone}`)) invalid(this, 'domainName', props.domainName, `is not inside the hosted zone ${zone}`, `use ${zone} or a name under it`);
    }
    if (!isUnresolved(props.origin.domainName) && !isUnresolved(props.domainName ?? props.hostedZone.zoneName) && props.origin.domainName.replace(/\.$/, '') === (props.domainName ?? props.hostedZone.zoneName).replace(/\.$/, '')) {
      invalid(this, 'origin.domainName', props.origin.domainName, 'is the name viewers use: the alias records would point the name at CloudFront and CloudFront at itself', `give the ALBs their own name, e.g. origin.${props.hostedZone.zoneName.replace(/\.$/, '')}`);
    }
    if (props.certificateArn !== undefined && !isUnresolved(props.certificateArn)) {
      const match = ACM_CERTIFICATE_ARN.exec(String(props.certificateArn));
      if (!match) invalid(this, 'certificateArn', props.certificateArn, 'is not an ACM certificate ARN', `pass arn:aws:acm:${CLOUDFRONT_REGION}:<account>:certificate/<id>, or leave it out to issue one`);
      if (match[1] !== CLOUDFRONT_REGION) {
        invalid(this, 'certificateArn', props.certificateArn, `is in ${match[1]}: CloudFront uses ACM certificates from ${CLOUDFRONT_REGION} only`, `request or import the certificate in ${CLOUDFRONT_REGION}, or leave certificateArn out to issue one there`);
      }
    }
    if (props.apiPathPattern !== undefined && (typeof props.apiPathPattern !== 'string' || !/^\/[A-Za-z0-9._~/*-]*$/.test(props.apiPathPattern))) {
      invalid(this, 'apiPathPattern', props.apiPathPattern, 'is not a CloudFront path pattern', 'use e.g. "/api/*"');
    }
    this.checkApiCaching(props);
    checkOneOf(this, 'priceClass', props.priceClass, Object.values(PriceClass));
    return protection;
  }

  private checkApiCaching(props: ApiFrontProps): void {
    const caching = props.apiCaching;
    if (caching === undefined) return;
    checkRequiredObject(this, 'apiCaching', caching, 'leave apiCaching out (never cached), or pass { defaultTtlSeconds, maxTtlSeconds, cacheKeyHeaders: ["Authorization", ...] }');
    checkInteger(this, 'apiCaching.defaultTtlSeconds', caching.defaultTtlSeconds, { min: 0, max: API_CACHE_TTL_MAX_SECONDS });
    checkInteger(this, 'apiCaching.maxTtlSeconds', caching.maxTtlSeconds, { min: 1, max: API_CACHE_TTL_MAX_SECONDS, limit: 'a cache key needs a TTL above 0; to cache nothing, leave apiCaching out' });
    if (caching.defaultTtlSeconds > caching.maxTtlSeconds) {
      invalid(this, 'apiCaching.defaultTtlSeconds', caching.defaultTtlSeconds, `is above maxTtlSeconds (${caching.maxTtlSeconds})`, 'make defaultTtlSeconds at most maxTtlSeconds');
    }
    checkArray(this, 'apiCaching.cacheKeyHeaders', caching.cacheKeyHeaders, { minLength: 1, maxLength: CACHE_KEY_HEADERS_MAX, what: 'request header names, Authorization first' });
    if (caching.cacheKeyHeaders === undefined || !caching.cacheKeyHeaders.some((h) => typeof h === 'string' && h.toLowerCase() === 'authorization')) {
      invalid(
        this,
        'apiCaching.cacheKeyHeaders',
        caching.cacheKeyHeaders,
        "does not include Authorization: a response cached for one user would answer every other user's request on the same path",
        'add "Authorization" to cacheKeyHeaders, or leave apiCaching out so /api/* is never cached',
      );
    }
    caching.cacheKeyHeaders.forEach((h, i) => {
      if (typeof h !== 'string' || !/^[A-Za-z0-9-]+$/.test(h)) invalid(this, `apiCaching.cacheKeyHeaders[${i}]`, h, 'is not an HTTP header name', 'use e.g. "Authorization" or "user-type"');
    });
  }
}
