import { testApp } from '../../support/temp';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PriceClass, StaticAssets, StaticAssetsProps, VIEWER_TLS_POLICY } from '../../../constructs/static-assets';
import { MonitoringStack } from '../../../constructs/monitoring-stack';
import { planEnvironment } from '../../../lib/config/environment';
import { ValidationError } from '../../../lib/errors';
import { Protection } from '../../../lib/protection';
import { dev, prod } from '../../../stacks/environments';
import { allOf, onlyOf, policyOf, resourcesOf, SynthesizedStack } from '../../support/synth';

const ZONE = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'prod.example.com' };
const GLOBAL_ALIAS = 'us_east_1';

interface Built {
  readonly assets: StaticAssets;
  readonly synth: SynthesizedStack;
}

/** GIVEN a stack whose default provider is in `region`, with an alias in us-east-1, and the construct in it. */
function build(props: Partial<StaticAssetsProps> = {}, region = 'us-east-1', extra?: (scope: Construct, assets: StaticAssets, global: AwsProvider) => void): Built {
  const stack = new TerraformStack(testApp(), 'test');
  new AwsProvider(stack, 'aws', { region });
  const global = new AwsProvider(stack, 'global', { alias: GLOBAL_ALIAS, region: 'us-east-1' });
  const assets = new StaticAssets(stack, 'static', { name: 'prod', hostedZone: ZONE, globalProvider: global, protection: Protection.PRODUCTION, ...props });
  extra?.(stack, assets, global);
  return { assets, synth: JSON.parse(Testing.synth(stack)) as SynthesizedStack };
}

const GLOBAL_PROVIDER = `aws.${GLOBAL_ALIAS}`;

/** A policy document whose tokens hold quoted Terraform (the account id read from the key's ARN with split(":", ...)); quotes swapped so JSON parses. */
const documentOf = (policy: unknown) => policyOf(String(policy).replace(/split\(":", /g, "split(':', "));

describe('StaticAssets', () => {
  const { synth } = build();
  const distribution = onlyOf(synth, 'aws_cloudfront_distribution');

  test('GIVEN the defaults THEN the distribution serves static.<zone> over HTTP/2 and HTTP/3, IPv6, HTTPS only, TLSv1.2_2021, behind a CloudFront-scope web ACL', () => {
    expect(distribution).toMatchObject({
      enabled: true,
      aliases: ['static.prod.example.com'],
      http_version: 'http2and3',
      is_ipv6_enabled: true,
      price_class: PriceClass.ALL,
      viewer_certificate: { ssl_support_method: 'sni-only', minimum_protocol_version: VIEWER_TLS_POLICY },
      default_cache_behavior: { viewer_protocol_policy: 'redirect-to-https', compress: true, allowed_methods: ['GET', 'HEAD', 'OPTIONS'], cached_methods: ['GET', 'HEAD'] },
    });
    expect(VIEWER_TLS_POLICY).toBe('TLSv1.2_2021');
    const acl = onlyOf(synth, 'aws_wafv2_web_acl');
    expect(acl).toMatchObject({ scope: 'CLOUDFRONT', provider: GLOBAL_PROVIDER });
    expect((acl.rule as { name: string }[]).map((r) => r.name)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']);
    expect(distribution.web_acl_id).toMatch(/aws_wafv2_web_acl\..*\.arn/);
  });

  test('GIVEN the defaults THEN the S3 origin is read through Origin Access Control (SigV4, always), never an OAI', () => {
    const origin = (distribution.origin as Record<string, unknown>[])[0];
    expect(origin.origin_access_control_id).toMatch(/aws_cloudfront_origin_access_control\./);
    expect(origin.s3_origin_config).toBeUndefined();
    expect(origin.domain_name).toMatch(/aws_s3_bucket\.static_bucket_.*\.bucket_regional_domain_name/);
    expect(onlyOf(synth, 'aws_cloudfront_origin_access_control')).toMatchObject({ origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4' });
    expect(allOf(synth, 'aws_cloudfront_origin_access_identity')).toHaveLength(0);
  });

  test('GIVEN the defaults THEN the bucket policy admits only this distribution (AWS:SourceArn) and denies plain HTTP', () => {
    const policies = Object.entries(resourcesOf(synth, 'aws_s3_bucket_policy'));
    const [, assetPolicy] = policies.find(([name]) => name.startsWith('static_bucket-policy'))!;
    const statements = policyOf(assetPolicy.policy).Statement;
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(statements[0].Condition)).toMatch(/"StringEquals":\{"AWS:SourceArn":"\$\{aws_cloudfront_distribution\.static_distribution_.*\.arn\}"\}/);
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'))).toBe(true);
    expect(statements.some((s) => JSON.stringify(s.Principal) === '"*"' && s.Effect === 'Allow')).toBe(false);
  });

  test('GIVEN the defaults THEN both buckets are private, owner-enforced, versioned and KMS-encrypted with a bucket key, and kept in production', () => {
    const buckets = allOf(synth, 'aws_s3_bucket');
    expect(buckets).toHaveLength(2);
    for (const b of buckets) expect(b).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    for (const pab of allOf(synth, 'aws_s3_bucket_public_access_block')) expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    for (const sse of allOf(synth, 'aws_s3_bucket_server_side_encryption_configuration')) {
      expect(sse).toMatchObject({ rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true }] });
    }
    expect(allOf(synth, 'aws_s3_bucket_versioning').map((v) => (v.versioning_configuration as { status: string }).status)).toEqual(['Enabled', 'Enabled']);
    expect(allOf(synth, 'aws_s3_bucket_ownership_controls').map((o) => (o.rule as { object_ownership: string }).object_ownership)).toEqual(['BucketOwnerEnforced', 'BucketOwnerEnforced']);
  });

  test('GIVEN a non-production protection THEN the buckets may be destroyed with their objects', () => {
    const { synth: dev } = build({ protection: Protection.NON_PRODUCTION });
    for (const b of allOf(dev, 'aws_s3_bucket')) {
      expect(b.force_destroy).toBe(true);
      expect((b.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy).not.toBe(true);
    }
  });

  test('GIVEN the defaults THEN the cache policy keys on the path only, keeps assets a year and negotiates gzip and Brotli', () => {
    expect(onlyOf(synth, 'aws_cloudfront_cache_policy')).toMatchObject({
      min_ttl: 0,
      default_ttl: 31_536_000,
      max_ttl: 31_536_000,
      parameters_in_cache_key_and_forwarded_to_origin: {
        enable_accept_encoding_gzip: true,
        enable_accept_encoding_brotli: true,
        cookies_config: { cookie_behavior: 'none' },
        headers_config: { header_behavior: 'none' },
        query_strings_config: { query_string_behavior: 'none' },
      },
    });
  });

  test('GIVEN the defaults THEN responses carry HSTS, nosniff, DENY framing, a referrer policy and a CSP, and CORS admits the zone apex', () => {
    const policy = onlyOf(synth, 'aws_cloudfront_response_headers_policy');
    expect(policy).toMatchObject({
      security_headers_config: {
        strict_transport_security: { access_control_max_age_sec: 63_072_000, include_subdomains: true, override: true },
        content_type_options: { override: true },
        frame_options: { frame_option: 'DENY', override: true },
        referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin' },
      },
      cors_config: { access_control_allow_origins: { items: ['https://prod.example.com'] }, access_control_allow_credentials: false },
    });
    expect((policy.security_headers_config as { content_security_policy: { content_security_policy: string } }).content_security_policy.content_security_policy).toContain("default-src 'none'");
    expect((distribution.default_cache_behavior as Record<string, unknown>).response_headers_policy_id).toMatch(/aws_cloudfront_response_headers_policy\./);
  });

  test('GIVEN no certificate THEN one is issued in us-east-1 through the alias, DNS-validated in the zone', () => {
    expect(onlyOf(synth, 'aws_acm_certificate')).toMatchObject({ provider: GLOBAL_PROVIDER, domain_name: 'static.prod.example.com', validation_method: 'DNS' });
    expect(onlyOf(synth, 'aws_acm_certificate_validation')).toMatchObject({ provider: GLOBAL_PROVIDER });
    const records = resourcesOf(synth, 'aws_route53_record');
    const validation = Object.entries(records).find(([n]) => n.includes('certificate-validation'))![1];
    expect(validation.zone_id).toBe(ZONE.zoneId);
    expect((distribution.viewer_certificate as Record<string, unknown>).acm_certificate_arn).toMatch(/aws_acm_certificate_validation\./);
  });

  test('GIVEN the defaults THEN A and AAAA aliases point static.<zone> at the distribution', () => {
    const aliases = allOf(synth, 'aws_route53_record').filter((r) => r.alias !== undefined);
    expect(aliases.map((r) => r.type).sort()).toEqual(['A', 'AAAA']);
    for (const r of aliases) {
      expect(r).toMatchObject({ zone_id: ZONE.zoneId, name: 'static.prod.example.com' });
      expect((r.alias as { name: string }).name).toMatch(/aws_cloudfront_distribution\..*\.domain_name/);
    }
  });

  test('GIVEN the defaults THEN standard logs (v2) go from us-east-1 to the encrypted log bucket, which expires them after the retention', () => {
    expect(onlyOf(synth, 'aws_cloudwatch_log_delivery_source')).toMatchObject({ provider: GLOBAL_PROVIDER, log_type: 'ACCESS_LOGS' });
    expect(onlyOf(synth, 'aws_cloudwatch_log_delivery_source').resource_arn).toMatch(/aws_cloudfront_distribution\..*\.arn/);
    const destination = onlyOf(synth, 'aws_cloudwatch_log_delivery_destination');
    expect(destination.provider).toBe(GLOBAL_PROVIDER);
    expect(JSON.stringify(destination.delivery_destination_configuration)).toMatch(/aws_s3_bucket\.static_log-bucket_.*\.arn/);
    expect(onlyOf(synth, 'aws_cloudwatch_log_delivery')).toMatchObject({ provider: GLOBAL_PROVIDER });
    const lifecycles = Object.entries(resourcesOf(synth, 'aws_s3_bucket_lifecycle_configuration'));
    const logs = lifecycles.find(([n]) => n.includes('log-lifecycle'))![1];
    expect(logs).toMatchObject({ rule: [{ status: 'Enabled', expiration: [{ days: Protection.PRODUCTION.logRetentionDays }] }] });
    const logPolicy = Object.entries(resourcesOf(synth, 'aws_s3_bucket_policy')).find(([n]) => n.includes('log-bucket-policy'))![1];
    expect(documentOf(logPolicy.policy).Statement[0]).toMatchObject({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject' });
  });

  test('GIVEN the defaults THEN the key lets only this distribution decrypt and log delivery encrypt', () => {
    const key = onlyOf(synth, 'aws_kms_key_policy');
    const statements = documentOf(key.policy).Statement;
    const cf = statements.find((s) => JSON.stringify(s.Principal).includes('cloudfront.amazonaws.com'))!;
    expect(cf.Action).toBe('kms:Decrypt');
    expect(JSON.stringify(cf.Condition)).toContain('aws_cloudfront_distribution');
    expect(statements.some((s) => JSON.stringify(s.Principal).includes('delivery.logs.amazonaws.com'))).toBe(true);
  });

  test('GIVEN the defaults THEN the additional metrics are subscribed (origin latency, cache hit rate)', () => {
    expect(onlyOf(synth, 'aws_cloudfront_monitoring_subscription')).toMatchObject({
      provider: GLOBAL_PROVIDER,
      monitoring_subscription: { realtime_metrics_subscription_config: { realtime_metrics_subscription_status: 'Enabled' } },
    });
  });

  test('GIVEN an existing certificate in us-east-1 THEN none is issued', () => {
    const arn = 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012';
    const { synth: s } = build({ certificateArn: arn });
    expect(allOf(s, 'aws_acm_certificate')).toHaveLength(0);
    expect((onlyOf(s, 'aws_cloudfront_distribution').viewer_certificate as Record<string, unknown>).acm_certificate_arn).toBe(arn);
  });
});

describe('StaticAssets monitoring', () => {
  const plan = planEnvironment(prod).cdn;

  test('GIVEN a stack in us-east-1 THEN the 5xx, origin-latency and cache-hit alarms join the environment composite', () => {
    const { synth } = build({ capacity: plan }, 'us-east-1', (s, assets) => new MonitoringStack(s, 'monitoring', { name: 'prod', region: 'us-east-1', watch: [assets] }));
    const alarms = allOf(synth, 'aws_cloudwatch_metric_alarm').filter((a) => a.namespace === 'AWS/CloudFront');
    expect(alarms.map((a) => a.metric_name).sort()).toEqual(['5xxErrorRate', 'CacheHitRate', 'OriginLatency']);
    for (const a of alarms) expect(a.dimensions).toMatchObject({ Region: 'Global' });
    expect(alarms.find((a) => a.metric_name === 'CacheHitRate')!.threshold).toBe(85);
    const cdnComposite = allOf(synth, 'aws_cloudwatch_composite_alarm').find((c) => c.alarm_name === 'prod-degraded-cdn');
    expect(cdnComposite?.alarm_rule).toContain('aws_cloudwatch_metric_alarm.monitoring_cdn-0-5xx-rate');
  });

  test('GIVEN a stack in another Region THEN the CloudFront alarms live in us-east-1 and notify a topic there, outside the composite', () => {
    const { synth } = build({ capacity: plan }, 'eu-west-1', (s, assets) => new MonitoringStack(s, 'monitoring', { name: 'prod', region: 'eu-west-1', alarmEmails: ['oncall@example.com'], watch: [assets] }));
    const alarms = allOf(synth, 'aws_cloudwatch_metric_alarm').filter((a) => a.namespace === 'AWS/CloudFront');
    expect(alarms).toHaveLength(3);
    for (const a of alarms) {
      expect(a.provider).toBe(GLOBAL_PROVIDER);
      expect(JSON.stringify(a.alarm_actions)).toMatch(/aws_sns_topic\.monitoring_cdn-topic/);
    }
    const topics = allOf(synth, 'aws_sns_topic');
    expect(topics.find((t) => t.name === 'prod-cdn-alarms')).toMatchObject({ provider: GLOBAL_PROVIDER });
    expect(allOf(synth, 'aws_sns_topic_subscription').filter((t) => t.provider === GLOBAL_PROVIDER)).toHaveLength(1);
    expect(allOf(synth, 'aws_cloudwatch_composite_alarm').some((c) => String(c.alarm_rule).includes('cdn-static'))).toBe(false);
  });
});

describe('StaticAssets bad input', () => {
  const attempt = (props: Record<string, unknown>, region = 'us-east-1', globalRegion = 'us-east-1') => () => {
    const stack = new TerraformStack(testApp(), 'test');
    new AwsProvider(stack, 'aws', { region });
    const global = new AwsProvider(stack, 'global', { alias: GLOBAL_ALIAS, region: globalRegion });
    new StaticAssets(stack, 'static', { name: 'prod', hostedZone: ZONE, globalProvider: global, ...props } as unknown as StaticAssetsProps);
  };

  test.each([
    ['a certificate in eu-west-1', 'arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012', /certificateArn.*is in eu-west-1.*us-east-1/s],
    ['a certificate in us-west-2', 'arn:aws:acm:us-west-2:111122223333:certificate/12345678-1234-1234-1234-123456789012', /is in us-west-2/],
    ['an IAM server certificate', 'arn:aws:iam::111122223333:server-certificate/static', /is not an ACM certificate ARN/],
    ['not an ARN', 'static.prod.example.com', /is not an ACM certificate ARN/],
  ])('GIVEN %s THEN a ValidationError names certificateArn and us-east-1', (_what, certificateArn, message) => {
    expect(attempt({ certificateArn })).toThrow(ValidationError);
    expect(attempt({ certificateArn })).toThrow(message);
  });

  test.each([
    ['eu-west-1'],
    ['us-west-2'],
    ['ap-southeast-2'],
  ])('GIVEN a global provider in %s THEN a ValidationError says CloudFront needs us-east-1', (region) => {
    expect(attempt({}, 'us-east-1', region)).toThrow(/globalProvider.*is not in us-east-1/s);
  });

  test.each([
    ['missing', undefined, /globalProvider/],
    ['a string', 'us-east-1', /globalProvider.*not a Terraform provider/s],
    ['a plain object', { region: 'us-east-1' }, /globalProvider.*not a Terraform provider/s],
  ])('GIVEN a global provider that is %s THEN a ValidationError, not a TypeError', (_what, globalProvider, message) => {
    const run = () => {
      const stack = new TerraformStack(testApp(), 'test');
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      new StaticAssets(stack, 'static', { name: 'prod', hostedZone: ZONE, globalProvider } as unknown as StaticAssetsProps);
    };
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });

  test.each([
    ['outside the zone', { domainName: 'static.example.org' }, /domainName.*not inside the hosted zone/s],
    ['a sibling zone', { domainName: 'static.staging.example.com' }, /not inside the hosted zone prod.example.com/],
    ['not a DNS name', { domainName: 'static assets' }, /domainName/],
  ])('GIVEN a domain name %s THEN a ValidationError', (_what, props, message) => {
    expect(attempt(props)).toThrow(ValidationError);
    expect(attempt(props)).toThrow(message);
  });

  test.each([
    [0, /assetMaxAgeSeconds/],
    [31_536_001, /assetMaxAgeSeconds.*one year/s],
    [1.5, /assetMaxAgeSeconds.*whole number/s],
    ['3600', /assetMaxAgeSeconds/],
  ])('GIVEN assetMaxAgeSeconds %p THEN a ValidationError', (assetMaxAgeSeconds, message) => {
    expect(attempt({ assetMaxAgeSeconds })).toThrow(ValidationError);
    expect(attempt({ assetMaxAgeSeconds })).toThrow(message);
  });

  test.each([
    [['http://prod.example.com'], /corsAllowedOrigins\[0\].*https origin/s],
    [['https://prod.example.com/app'], /corsAllowedOrigins\[0\]/],
    [[], /corsAllowedOrigins/],
  ])('GIVEN CORS origins %p THEN a ValidationError', (corsAllowedOrigins, message) => {
    expect(attempt({ corsAllowedOrigins })).toThrow(message);
  });

  test.each([
    ['another environment\'s slice with another AZ count', { ...planEnvironment(dev).cdn, azCount: 'three' }, /capacity/],
    ['not a slice', 'plan.cdn', /capacity.*not a slice of a capacity plan/s],
  ])('GIVEN %s THEN a ValidationError names capacity', (_what, capacity, message) => {
    expect(attempt({ capacity })).toThrow(message);
  });

  test.each([
    ['PriceClass_300'],
    ['all'],
  ])('GIVEN price class %p THEN a ValidationError lists the allowed values', (priceClass) => {
    expect(attempt({ priceClass })).toThrow(/priceClass/);
  });
});
