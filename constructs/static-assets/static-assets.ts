import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontMonitoringSubscription } from '@cdktf/provider-aws/lib/cloudfront-monitoring-subscription';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { invalid } from '../../lib/errors';
import { ABORT_MULTIPART_DAYS, NONCURRENT_VERSION_DAYS } from '../private/cdn-standard-logs';
import { PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { checkPlanSlice } from '../../lib/plan-slice';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkArray, checkDnsName, checkInteger, checkName, checkOneOf, checkProps, checkRequiredObject, checkString, isUnresolved } from '../../lib/validation';
import { EncryptionKey } from '../encryption-key';
import { dnsValidatedCertificate } from '../private/dns-validated-certificate';
import { cdnStandardLogs, checkGlobalProvider, CLOUDFRONT_REGION, denyInsecureTransport, privateBucket } from '../private/cdn-standard-logs';
import { MonitoringTargets } from '../monitoring-stack';
import { CdnWebAcl } from './cdn-web-acl';
import { PriceClass, StaticAssetsProps } from './static-assets-props';

export { CLOUDFRONT_REGION };
/** The strongest viewer security policy hashicorp/aws 5.100 accepts (TLS 1.2 and 1.3, AEAD ciphers). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html */
export const VIEWER_TLS_POLICY = 'TLSv1.2_2021';
/** One year: the longest `Cache-Control: max-age` browsers and CloudFront honour by convention for immutable, hashed assets (RFC 9111 places no ceiling; CloudFront's default maximum TTL is one year). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html */
export const ONE_YEAR_SECONDS = 31_536_000;
/** Two years of HSTS, the preload list's recommended minimum is one. https://hstspreload.org/#deployment-recommendations */
const HSTS_MAX_AGE_SECONDS = 63_072_000;
/** CloudFront's hosted zone for alias records (every distribution). https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html */
const ORIGIN_ID = 'assets';
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;
/** CloudFront alarms' thresholds come from the monitoring stack; the distribution's name in them. */
const MONITORING_NAME = 'static';

/**
 * Static assets through CloudFront from a private S3 bucket:
 *
 * - the bucket is private (all four public-access blocks, objects owned by the bucket owner),
 *   versioned and encrypted with a customer managed key (S3 Bucket Keys on, so edge misses do not
 *   call KMS per object); only this distribution reads it, through Origin Access Control (SigV4,
 *   `AWS:SourceArn` of the distribution in the bucket policy and in the key policy); no legacy OAI;
 * - a cache policy for long-lived immutable assets (no cookies, headers or query strings in the
 *   key; gzip and Brotli), compression, HTTP/2 and HTTP/3, IPv6, viewers redirected to HTTPS
 *   with {@link VIEWER_TLS_POLICY};
 * - a certificate in us-east-1 (through `globalProvider`), DNS-validated in the zone, and A/AAAA
 *   alias records `static.<zone>`;
 * - security response headers (HSTS, nosniff, DENY framing, a strict referrer policy, a CSP that
 *   lets no asset run as a document) and CORS for the application's origin;
 * - standard logs (v2, CloudWatch Logs delivery, no bucket ACLs) to an encrypted, versioned bucket
 *   whose objects expire after the log retention;
 * - a web ACL at CloudFront scope with AWS managed rule groups, and CloudFront's additional
 *   metrics (origin latency, cache hit rate) for the alarms.
 *
 * In production both buckets keep their objects: `prevent_destroy` and no `force_destroy`.
 */
export class StaticAssets extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly bucket: S3Bucket;
  /** The bucket to publish assets to (content-hashed names, `Cache-Control: public, max-age=31536000, immutable`). */
  public readonly bucketName: string;
  public readonly logBucket: S3Bucket;
  public readonly key: EncryptionKey;
  public readonly webAcl: CdnWebAcl;
  /** `static.<zone>` unless `domainName` says otherwise. */
  public readonly domainName: string;
  public readonly distributionId: string;
  public readonly certificateArn: string;
  /** The distribution with the thresholds the CDN plan implies, for MonitoringStack. */
  public readonly monitoringTargets: MonitoringTargets;

  constructor(scope: Construct, id: string, props: StaticAssetsProps) {
    super(scope, id);
    const protection = this.validate(props);
    const { name, hostedZone, globalProvider } = props;
    this.domainName = props.domainName ?? `static.${hostedZone.zoneName.replace(/\.$/, '')}`;
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);

    this.key = new EncryptionKey(this, 'key', { alias: `${name}-static-assets`, description: `Encrypts the static assets of ${name} and their CloudFront logs`, protection });

    this.bucket = privateBucket(this, 'bucket', `${name}-static-`, protection, this.key);
    this.bucketName = this.bucket.bucket;
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-replaced-builds',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
        },
      ],
    });

    const oac = new CloudfrontOriginAccessControl(this, 'origin-access-control', {
      name: `${name}-static-assets`,
      description: `CloudFront signs its requests to the static-assets bucket of ${name}`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const maxAge = props.assetMaxAgeSeconds ?? ONE_YEAR_SECONDS;
    const cachePolicy = new CloudfrontCachePolicy(this, 'cache-policy', {
      name: `${name}-static-immutable`,
      comment: 'Content-hashed, immutable assets: nothing but the path in the key',
      minTtl: 0,
      defaultTtl: maxAge,
      maxTtl: maxAge,
      parametersInCacheKeyAndForwardedToOrigin: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        cookiesConfig: { cookieBehavior: 'none' },
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
      },
    });
    const corsOrigins = props.corsAllowedOrigins ?? [`https://${hostedZone.zoneName.replace(/\.$/, '')}`];
    const headers = new CloudfrontResponseHeadersPolicy(this, 'response-headers', {
      name: `${name}-static-security-headers`,
      comment: 'Security headers and CORS for the static assets',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        // Assets are scripts, styles, fonts and images loaded by the application's pages; none is a document.
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; sandbox", override: true },
        // The legacy XSS auditor is off in current browsers and its filter could be abused; "0" disables it.
        xssProtection: { protection: false, override: true },
      },
      corsConfig: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: { items: ['*'] },
        accessControlAllowMethods: { items: ['GET', 'HEAD', 'OPTIONS'] },
        accessControlAllowOrigins: { items: corsOrigins },
        accessControlMaxAgeSec: 86_400,
        originOverride: true,
      },
    });

    this.certificateArn = props.certificateArn ?? dnsValidatedCertificate(this, { domainName: this.domainName, zoneId: hostedZone.zoneId, provider: globalProvider });
    this.webAcl = new CdnWebAcl(this, 'waf', { name: `${name}-static`, provider: globalProvider });

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `Static assets of ${name}`,
      aliases: [this.domainName],
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? PriceClass.ALL,
      webAclId: this.webAcl.webAcl.arn,
      origin: [{ originId: ORIGIN_ID, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: cachePolicy.id,
        responseHeadersPolicyId: headers.id,
      },
      viewerCertificate: { acmCertificateArn: this.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: VIEWER_TLS_POLICY },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      tags: { Name: `${name}-static` },
    });
    this.distributionId = this.distribution.id;
    const distributionArn = this.distribution.arn;

    // The bucket and its key admit this distribution only.
    new S3BucketPolicy(this, 'bucket-policy', {
      bucket: this.bucket.id,
      policy: new PolicyDocument([
        new PolicyStatement({
          sid: 'CloudFrontReadsThroughOriginAccessControl',
          principals: [Principal.service('cloudfront.amazonaws.com')],
          actions: ['s3:GetObject'],
          resources: [`${this.bucket.arn}/*`],
          conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
        }),
        denyInsecureTransport(this.bucket.arn),
      ]).toJson(),
    });
    this.key.grantToService({ servicePrincipal: 'cloudfront.amazonaws.com', actions: ['kms:Decrypt'], conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } } });

    // Standard logging v2: CloudWatch Logs delivers to S3 without bucket ACLs.
    this.logBucket = cdnStandardLogs(this, {
      bucketPrefix: `${name}-cdn-logs-`,
      deliveryName: `${name}-static-access-logs`,
      distributionArn,
      retentionDays: logRetentionDays,
      protection,
      key: this.key,
      globalProvider,
    });

    // Origin latency and cache hit rate are additional metrics: off until subscribed.
    new CloudfrontMonitoringSubscription(this, 'additional-metrics', {
      provider: globalProvider,
      distributionId: this.distributionId,
      monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
    });

    for (const type of ['A', 'AAAA']) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: hostedZone.zoneId,
        name: this.domainName,
        type,
        alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }

    this.monitoringTargets = {
      distributions: [{ name: MONITORING_NAME, distributionId: this.distributionId, provider: globalProvider, expectedCacheHitRatio: props.capacity?.staticCacheHitRatio }],
    };
  }

  private validate(props: StaticAssetsProps): Protection {
    checkProps(this, props, "{ name: 'prod', hostedZone: { zoneId, zoneName }, globalProvider: <AwsProvider with region us-east-1> }");
    const protection = resolveProtection(this, props);
    checkName(this, 'name', props.name, { maxLength: 32, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'name prefix (bucket prefixes "<name>-cdn-logs-" stay within S3\'s 63 characters)' });
    checkRequiredObject(this, 'hostedZone', props.hostedZone, 'pass the public zone, e.g. { zoneId: "Z0123456789ABC", zoneName: "prod.example.com" }');
    checkString(this, 'hostedZone.zoneId', props.hostedZone.zoneId, true);
    checkDnsName(this, 'hostedZone.zoneName', props.hostedZone.zoneName);
    checkGlobalProvider(this, props.globalProvider);
    checkPlanSlice(this, 'capacity', props.capacity);
    if (props.domainName !== undefined) {
      checkDnsName(this, 'domainName', props.domainName);
      if (!isUnresolved(props.domainName) && !isUnresolved(props.hostedZone.zoneName)) {
        const zone = props.hostedZone.zoneName.replace(/\.$/, '');
        const domain = props.domainName.replace(/\.$/, '');
        if (domain !== zone && !domain.endsWith(`.${zone}`)) invalid(this, 'domainName', props.domainName, `is not inside the hosted zone ${zone}`, `use a name under ${zone}, e.g. static.${zone}`);
      }
    }
    if (props.certificateArn !== undefined && !isUnresolved(props.certificateArn)) {
      const match = ACM_CERTIFICATE_ARN.exec(String(props.certificateArn));
      if (!match) invalid(this, 'certificateArn', props.certificateArn, 'is not an ACM certificate ARN', `pass arn:aws:acm:${CLOUDFRONT_REGION}:<account>:certificate/<id>, or leave it out to issue one`);
      if (match[1] !== CLOUDFRONT_REGION) {
        invalid(this, 'certificateArn', props.certificateArn, `is in ${match[1]}: CloudFront uses ACM certificates from ${CLOUDFRONT_REGION} only`, `request or import the certificate in ${CLOUDFRONT_REGION}, or leave certificateArn out to issue one there`);
      }
    }
    checkInteger(this, 'assetMaxAgeSeconds', props.assetMaxAgeSeconds, { min: 1, max: ONE_YEAR_SECONDS, limit: 'immutable assets are cached for up to one year' });
    checkOneOf(this, 'priceClass', props.priceClass, Object.values(PriceClass));
    checkArray(this, 'corsAllowedOrigins', props.corsAllowedOrigins, { minLength: 1, what: 'origins such as "https://prod.example.com"' });
    (props.corsAllowedOrigins ?? []).forEach((origin, i) => {
      if (!isUnresolved(origin) && (typeof origin !== 'string' || !/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin))) {
        invalid(this, `corsAllowedOrigins[${i}]`, origin, 'is not an https origin (scheme, host and optional port, no path)', 'pass e.g. "https://prod.example.com"');
      }
    });
    return protection;
  }
}
