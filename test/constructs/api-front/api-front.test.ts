import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AlbNginxTier, AlbNginxTierProps, KEEPALIVE_MARGIN_SECONDS, NGINX_DEFAULTS, ORIGIN_VERIFY_VALUES_PATH } from '../../../constructs/alb-nginx-tier';
import { ApiFront, ApiFrontProps, MANAGED_CACHING_DISABLED_POLICY_ID, ORIGIN_VERIFY_HEADER, OriginVerifySecret } from '../../../constructs/api-front';
import { MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID } from '../../../constructs/api-front/api-front';
import { Network } from '../../../constructs/network';
import { VIEWER_TLS_POLICY } from '../../../constructs/static-assets';
import { CLOUDFRONT_QUOTAS } from '../../../lib/capacity/cdn';
import { planEnvironment } from '../../../lib/config/environment';
import { ValidationError } from '../../../lib/errors';
import { Protection } from '../../../lib/protection';
import { Policy } from '../../../lib/policy';
import { CLOUDFRONT_RULES } from '../../../lib/policy/rules/cloudfront';
import { LOAD_BALANCING_RULES } from '../../../lib/policy/rules/load-balancing';
import { dev } from '../../../stacks/environments';
import { allOf, onlyOf, policyOf, resourcesOf, SynthesizedStack } from '../../support/synth';
import { testApp } from '../../support/temp';

const ZONE = { zoneId: 'Z0123456789ABC', zoneName: 'prod.example.com' };
const PREFIX_LIST = 'pl-3b927c52';
const NETWORK = Network.fromAttributes({
  vpcId: 'vpc-123',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-pub-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${192 + i * 4}.0/22` })),
  appSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-app-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${i * 64}.0/18` })),
  dataSubnets: [],
});
const TIER: AlbNginxTierProps = {
  name: 'prod',
  network: NETWORK,
  protection: Protection.PRODUCTION,
  albCount: 4,
  tls: { hostedZone: ZONE, domainName: 'origin.prod.example.com' },
  upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] }],
  fleet: { instanceType: 'c7g.2xlarge', minSize: 21, desiredCapacity: 21, maxSize: 33, requestsPerInstancePerMinute: 4_896_000, workerConnections: 4096, globalRequestsPerSecond: 136_000 },
};
const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod-edge-0/0123456789abcdef';
const ORIGIN = { domainName: 'origin.prod.example.com', loadBalancerArns: [ALB_ARN], idleTimeoutSeconds: 60, responseTimeoutSeconds: 32 };

interface Built {
  readonly stack: TerraformStack;
  readonly synth: SynthesizedStack;
  readonly tier?: AlbNginxTier;
  readonly front: ApiFront;
}

/** GIVEN a stack in us-east-1 with a us-east-1 alias: the ALB tier as CloudFront's origin, the secret, and the API front over it. */
function build(props: Partial<ApiFrontProps> = {}, tierProps: Partial<AlbNginxTierProps> = {}): Built {
  const stack = new TerraformStack(testApp(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const globalProvider = new AwsProvider(stack, 'global', { alias: 'us_east_1', region: 'us-east-1' });
  const originVerify = new OriginVerifySecret(stack, 'origin-verify', { name: 'prod' });
  const tier = new AlbNginxTier(stack, 'edge', { ...TIER, cdnOrigin: { originFacingPrefixListId: PREFIX_LIST, originVerify }, ...tierProps });
  const front = new ApiFront(stack, 'api', { name: 'prod', hostedZone: ZONE, globalProvider, origin: tier.apiOrigin!, originVerify, protection: Protection.PRODUCTION, ...props });
  return { stack, tier, front, synth: JSON.parse(Testing.synth(stack)) as SynthesizedStack };
}

/** ApiFront alone over a hand-written origin, for bad inputs. */
function attempt(props: Partial<ApiFrontProps> | ((base: ApiFrontProps) => ApiFrontProps), region = 'us-east-1') {
  return () => {
    const stack = new TerraformStack(testApp(), 'test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const globalProvider = new AwsProvider(stack, 'global', { alias: 'us_east_1', region });
    const originVerify = new OriginVerifySecret(stack, 'origin-verify', { name: 'prod' });
    const base: ApiFrontProps = { name: 'prod', hostedZone: ZONE, globalProvider, origin: ORIGIN, originVerify };
    new ApiFront(stack, 'api', typeof props === 'function' ? props(base) : { ...base, ...props });
  };
}

describe('ApiFront over the ALB tier', () => {
  const { synth, tier, front } = build();
  const distribution = onlyOf(synth, 'aws_cloudfront_distribution');
  const origin = (distribution.origin as Record<string, unknown>[])[0];
  const ordered = distribution.ordered_cache_behavior as Record<string, unknown>[];

  test('THEN the API is served at the zone apex, HTTPS only with TLSv1.2_2021, IPv4 only, behind a CloudFront-scope web ACL', () => {
    expect(distribution).toMatchObject({
      aliases: ['prod.example.com'],
      is_ipv6_enabled: false,
      viewer_certificate: { ssl_support_method: 'sni-only', minimum_protocol_version: VIEWER_TLS_POLICY },
      default_cache_behavior: { viewer_protocol_policy: 'https-only' },
    });
    expect(ordered.every((b) => b.viewer_protocol_policy === 'https-only')).toBe(true);
    expect(distribution.web_acl_id).toMatch(/aws_wafv2_web_acl\.api_waf_web-acl_.*\.arn/);
    const alias = Object.values(resourcesOf(synth, 'aws_route53_record')).find((r) => r.name === 'prod.example.com')!;
    expect(JSON.stringify(alias.alias)).toMatch(/aws_cloudfront_distribution\.api_distribution_.*\.domain_name/);
  });

  test('THEN the origin is the ALBs\' own name over HTTPS only, TLS 1.2, with nginx-aligned keep-alive and read timeouts within CloudFront\'s limits', () => {
    expect(origin.domain_name).toBe('origin.prod.example.com');
    const config = origin.custom_origin_config as Record<string, unknown>;
    expect(config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'], https_port: 443 });
    // The ALB's idle timeout (60 s) less the margin nginx keeps above it; nginx's connect + read.
    expect(config.origin_keepalive_timeout).toBe(60 - KEEPALIVE_MARGIN_SECONDS);
    expect(config.origin_read_timeout).toBe(NGINX_DEFAULTS.proxyConnectTimeoutSeconds + NGINX_DEFAULTS.proxyReadTimeoutSeconds);
    expect(config.origin_keepalive_timeout as number).toBeLessThanOrEqual(CLOUDFRONT_QUOTAS.originKeepaliveSecondsMax.value);
    expect(config.origin_read_timeout as number).toBeLessThanOrEqual(CLOUDFRONT_QUOTAS.originReadTimeoutSecondsMax.value);
    expect(front.originKeepaliveSeconds).toBeLessThan(tier!.apiOrigin!.idleTimeoutSeconds);
  });

  test('THEN /api/* and the default are never cached, and every viewer header but Host (Authorization, user-type, CloudFront-Viewer-Address) reaches the origin', () => {
    expect(ordered.map((b) => b.path_pattern)).toEqual(['/api/*']);
    for (const b of [distribution.default_cache_behavior as Record<string, unknown>, ...ordered]) {
      expect(b).toMatchObject({ cache_policy_id: MANAGED_CACHING_DISABLED_POLICY_ID, origin_request_policy_id: MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID });
      expect(b.allowed_methods).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(b.response_headers_policy_id).toMatch(/aws_cloudfront_response_headers_policy\./);
    }
    expect(allOf(synth, 'aws_cloudfront_cache_policy')).toHaveLength(0);
    expect(allOf(synth, 'aws_cloudfront_origin_request_policy')).toHaveLength(0);
  });

  test('THEN CloudFront sends the secret origin header from a KMS-generated value, never a literal in the synthesized JSON', () => {
    const headers = origin.custom_header as Record<string, unknown>[];
    expect(headers).toHaveLength(1);
    expect(headers[0].name).toBe(ORIGIN_VERIFY_HEADER);
    expect(headers[0].value).toMatch(/^\$\{aws_kms_ciphertext\.origin-verify_value-1_[A-Z0-9]+\.ciphertext_blob\}$/);
    const version = onlyOf(synth, 'aws_secretsmanager_secret_version');
    expect(version.secret_string).toMatch(/"values" = \[aws_kms_ciphertext\.origin-verify_value-1_.*ciphertext_blob, aws_kms_ciphertext\.origin-verify_value-0_.*ciphertext_blob\]/);
    expect(onlyOf(synth, 'aws_secretsmanager_secret').kms_key_id).toMatch(/aws_kms_key\.origin-verify_key_/);
  });

  test('THEN the ALBs admit only the CloudFront origin-facing prefix list on 443, and carry no regional web ACL (the distribution\'s counts every client once)', () => {
    const albRules = allOf(synth, 'aws_vpc_security_group_ingress_rule').filter((r) => String(r.security_group_id).includes('alb-sg'));
    expect(albRules).toEqual([expect.objectContaining({ prefix_list_id: PREFIX_LIST, from_port: 443, to_port: 443, ip_protocol: 'tcp' })]);
    expect(albRules[0].cidr_ipv4).toBeUndefined();
    const acls = allOf(synth, 'aws_wafv2_web_acl');
    expect(acls.map((a) => a.scope)).toEqual(['CLOUDFRONT']);
    expect(allOf(synth, 'aws_wafv2_web_acl_association')).toHaveLength(0);
    expect(tier!.webAcl).toBeUndefined();
    const rules = (acls[0].rule as { name: string }[]).map((r) => r.name);
    expect(rules.filter((n) => n.startsWith('rate-')).length).toBeGreaterThan(0);
  });

  test('THEN nginx takes the client IP from CloudFront-Viewer-Address, refuses proxied requests without the header, and the instances may read the secret', () => {
    expect(tier!.nginxConf).toContain('real_ip_header CloudFront-Viewer-Address;');
    expect(tier!.nginxConf).not.toContain('real_ip_header X-Forwarded-For;');
    expect(tier!.nginxConf).toContain(`map $http_x_origin_verify $origin_verified {`);
    expect(tier!.nginxConf).toContain(`include ${ORIGIN_VERIFY_VALUES_PATH};`);
    expect(tier!.nginxConf).toMatch(/if \(\$origin_verified = 0\) \{\s+return 403;\s+\}\s+limit_req/);
    // The health check path stays open for the ALB.
    expect(tier!.nginxConf).toMatch(/location = \/nginx-health \{\s+access_log off;/);
    const policy = Object.values(resourcesOf(synth, 'aws_iam_role_policy')).find((p) => p.name === 'read-origin-verify-values')!;
    const statements = policyOf(policy.policy).Statement;
    expect(statements.map((s) => s.Action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
    expect(JSON.stringify(statements[0].Resource)).toMatch(/aws_secretsmanager_secret\.origin-verify_secret_/);
  });

  test('THEN standard logs, the additional metrics and the API alarms\' targets are in us-east-1; no cache hit-rate target (nothing is cached)', () => {
    expect(onlyOf(synth, 'aws_cloudwatch_log_delivery_source')).toMatchObject({ log_type: 'ACCESS_LOGS', provider: 'aws.us_east_1' });
    expect(onlyOf(synth, 'aws_cloudfront_monitoring_subscription').provider).toBe('aws.us_east_1');
    const targets = front.monitoringTargets.distributions!;
    expect(targets.map((d) => [d.name, d.expectedCacheHitRatio])).toEqual([['api', undefined]]);
    expect(targets[0].distributionId).toBe(front.distributionId);
  });

  test('THEN the CloudFront and load-balancing rules pass: MRPS_CDN_1, and CKV2_AWS_28 for ALBs whose only client is the web ACL\'d distribution', () => {
    const { stack } = build();
    const report = Policy.evaluate(stack, { production: true, rules: [...CLOUDFRONT_RULES, ...LOAD_BALANCING_RULES] });
    expect(report.failures.map((f) => `${f.rule.id} ${f.resource.address}: ${JSON.stringify(f.outcome)}`)).toEqual([]);
    const ids = new Set(report.passed.filter((r) => r.resource.type === 'aws_cloudfront_distribution').map((r) => r.rule.id));
    for (const id of ['CKV_AWS_68', 'CKV_AWS_174', 'CKV_AWS_86', 'CKV_AWS_34', 'CKV2_AWS_32', 'MRPS_CDN_1']) expect(ids).toContain(id);
    expect(report.passed.filter((r) => r.rule.id === 'CKV2_AWS_28')).toHaveLength(TIER.albCount!);
  });
});

describe('ApiFront apiCaching', () => {
  test('GIVEN caching with Authorization in the key THEN /api/* gets a custom policy keyed on it, the default stays uncached', () => {
    const { synth } = build({ apiCaching: { defaultTtlSeconds: 0, maxTtlSeconds: 60, cacheKeyHeaders: ['Authorization', 'user-type'] } });
    const policy = onlyOf(synth, 'aws_cloudfront_cache_policy');
    expect(policy).toMatchObject({ default_ttl: 0, max_ttl: 60, parameters_in_cache_key_and_forwarded_to_origin: { headers_config: { header_behavior: 'whitelist', headers: { items: ['Authorization', 'user-type'] } } } });
    const distribution = onlyOf(synth, 'aws_cloudfront_distribution');
    expect((distribution.ordered_cache_behavior as Record<string, unknown>[])[0].cache_policy_id).toMatch(/aws_cloudfront_cache_policy\./);
    expect((distribution.default_cache_behavior as Record<string, unknown>).cache_policy_id).toBe(MANAGED_CACHING_DISABLED_POLICY_ID);
  });

  test.each([
    ['no Authorization among the key headers', ['user-type']],
    ['Authorization misspelt', ['Authorisation', 'user-type']],
    ['an empty key', []],
  ])('GIVEN caching /api/* with %s THEN a ValidationError names cacheKeyHeaders', (_what, cacheKeyHeaders) => {
    const run = attempt({ apiCaching: { defaultTtlSeconds: 0, maxTtlSeconds: 60, cacheKeyHeaders } });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(/apiCaching\.cacheKeyHeaders/);
  });

  test('GIVEN caching without Authorization THEN the message says why and how to fix it', () => {
    expect(attempt({ apiCaching: { defaultTtlSeconds: 0, maxTtlSeconds: 60, cacheKeyHeaders: ['user-type'] } })).toThrow(/does not include Authorization: a response cached for one user would answer every other user's request.*add "Authorization" to cacheKeyHeaders/);
  });

  test.each([
    ['a max TTL of 0 (use no apiCaching to cache nothing)', { defaultTtlSeconds: 0, maxTtlSeconds: 0, cacheKeyHeaders: ['Authorization'] }, /apiCaching\.maxTtlSeconds/],
    ['a default TTL above the max', { defaultTtlSeconds: 120, maxTtlSeconds: 60, cacheKeyHeaders: ['Authorization'] }, /apiCaching\.defaultTtlSeconds = 120 is above maxTtlSeconds/],
    ['eleven key headers', { defaultTtlSeconds: 0, maxTtlSeconds: 60, cacheKeyHeaders: ['Authorization', ...Array.from({ length: 10 }, (_, i) => `x-h${i}`)] }, /apiCaching\.cacheKeyHeaders/],
  ])('GIVEN %s THEN a ValidationError', (_what, apiCaching, message) => {
    expect(attempt({ apiCaching })).toThrow(message);
  });
});

describe('ApiFront bad inputs', () => {
  test.each([
    ['no origin', (b: ApiFrontProps) => ({ ...b, origin: undefined as never }), /origin.*is required|origin = undefined/],
    ['an origin without load balancers', (b: ApiFrontProps) => ({ ...b, origin: { ...ORIGIN, loadBalancerArns: [] } }), /origin\.loadBalancerArns/],
    ['an origin naming a network load balancer', (b: ApiFrontProps) => ({ ...b, origin: { ...ORIGIN, loadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/0123456789abcdef'] } }), /origin\.loadBalancerArns\[0\].*is not an Application Load Balancer ARN/],
    ['the origin named like the API itself', (b: ApiFrontProps) => ({ ...b, origin: { ...ORIGIN, domainName: 'prod.example.com' } }), /origin\.domainName.*is the name viewers use/],
  ])('GIVEN %s THEN a ValidationError names the origin', (_what, props, message) => {
    expect(attempt(props)).toThrow(ValidationError);
    expect(attempt(props)).toThrow(message);
  });

  test.each([
    ['eu-west-1', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123abcd-0123-0123-0123-0123456789ab'],
    ['us-west-2', 'arn:aws:acm:us-west-2:123456789012:certificate/0123abcd-0123-0123-0123-0123456789ab'],
    ['ap-southeast-2', 'arn:aws:acm:ap-southeast-2:123456789012:certificate/0123abcd-0123-0123-0123-0123456789ab'],
  ])('GIVEN a certificate in %s THEN a ValidationError says CloudFront reads certificates from us-east-1 only', (region, certificateArn) => {
    expect(attempt({ certificateArn })).toThrow(new RegExp(`certificateArn = "${certificateArn}" is in ${region}: CloudFront uses ACM certificates from us-east-1 only`));
  });

  test('GIVEN a global provider outside us-east-1 THEN a ValidationError', () => {
    expect(attempt({}, 'eu-central-1')).toThrow(/globalProvider.*is not in us-east-1/);
  });

  test.each([
    ['an explicit keep-alive above 120 s', { originKeepaliveSeconds: 180 }, /originKeepaliveSeconds = 180 is outside CloudFront's 1 to 120 s/],
    ['a keep-alive of 0', { originKeepaliveSeconds: 0 }, /originKeepaliveSeconds = 0 is outside/],
    ['an explicit read timeout above 120 s', { originReadTimeoutSeconds: 121 }, /originReadTimeoutSeconds = 121 is outside CloudFront's 1 to 120 s/],
    ['an ALB idle timeout of 4,000 s (keep-alive derived 3,985 s)', { origin: { ...ORIGIN, idleTimeoutSeconds: 4_000 } }, /originKeepaliveSeconds = 3985 is outside CloudFront's 1 to 120 s \(derived from origin\.idleTimeoutSeconds 4000 - 15\)/],
    ['nginx answering in up to 300 s', { origin: { ...ORIGIN, responseTimeoutSeconds: 300 } }, /originReadTimeoutSeconds = 300 is outside.*derived from origin\.responseTimeoutSeconds 300/],
    ['a keep-alive not below the ALB idle timeout', { originKeepaliveSeconds: 60 }, /originKeepaliveSeconds = 60 is not below the ALBs' idle timeout \(60 s\)/],
  ])('GIVEN %s THEN a ValidationError names CloudFront\'s limit', (_what, props, message) => {
    expect(attempt(props as Partial<ApiFrontProps>)).toThrow(message);
  });

  test('GIVEN a plan slice with apiFront off THEN a ValidationError says the ALBs were sized for direct clients', () => {
    const plan = planEnvironment(dev);
    expect(attempt({ capacity: plan.cdn })).toThrow(/capacity\.apiFront = false is false: the plan sized the ALBs for clients arriving directly/);
  });
});

describe('AlbNginxTier as a CDN origin: bad inputs', () => {
  const tierAttempt = (cdnOrigin: unknown, extra: Partial<AlbNginxTierProps> = {}) => () => {
    const stack = new TerraformStack(testApp(), 'test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new AlbNginxTier(stack, 'edge', { ...TIER, cdnOrigin: cdnOrigin as never, ...extra });
  };
  const secret = () => new OriginVerifySecret(new TerraformStack(testApp(), 's'), 'v', { name: 'prod' });

  test.each([
    ['sg-0123456789abcdef0'],
    ['pl-xyz'],
    [''],
  ])('GIVEN the prefix list id %j THEN a ValidationError names originFacingPrefixListId and how to look it up', (id) => {
    expect(tierAttempt({ originFacingPrefixListId: id, originVerify: secret() })).toThrow(/cdnOrigin\.originFacingPrefixListId.*describe-managed-prefix-lists/);
  });

  test('GIVEN no origin secret THEN a ValidationError', () => {
    expect(tierAttempt({ originFacingPrefixListId: PREFIX_LIST, originVerify: { headerName: 'X-Origin-Verify' } })).toThrow(/cdnOrigin\.originVerify.*is not an OriginVerifySecret/);
  });

  test('GIVEN no TLS THEN a ValidationError: CloudFront reaches the ALBs over HTTPS only', () => {
    expect(tierAttempt({ originFacingPrefixListId: PREFIX_LIST, originVerify: secret() }, { tls: undefined, protection: Protection.NON_PRODUCTION })).toThrow(/tls.*is missing with cdnOrigin/);
  });
});

describe('OriginVerifySecret rotation', () => {
  const slots = (generation: number) => {
    const stack = new TerraformStack(testApp(), 'test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const secret = new OriginVerifySecret(stack, 'v', { name: 'prod', generation });
    const synth = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    const plaintexts = Object.fromEntries(Object.entries(resourcesOf(synth, 'aws_kms_ciphertext')).map(([name, r]) => [name.replace(/_[A-Z0-9]+$/, ''), r.plaintext]));
    expect(secret.generation).toBe(generation);
    return { plaintexts, synth };
  };

  test('GIVEN generation g then g+1 THEN the slot CloudFront switches to keeps its value (published a rotation earlier) and only the other slot is replaced', () => {
    const one = slots(1).plaintexts;
    const two = slots(2).plaintexts;
    expect(one).toEqual({ 'v_value-0': 'prod CloudFront origin header, generation 2', 'v_value-1': 'prod CloudFront origin header, generation 1' });
    expect(two).toEqual({ 'v_value-0': 'prod CloudFront origin header, generation 2', 'v_value-1': 'prod CloudFront origin header, generation 3' });
    // Generation 2's value sat in slot 0 at generation 1 (accepted by nginx) and stays there unchanged.
    expect(two['v_value-0']).toBe(one['v_value-0']);
  });

  test('GIVEN generation 2 THEN CloudFront sends slot 0 and the secret lists it first, the next value second', () => {
    const { synth } = slots(2);
    expect(onlyOf(synth, 'aws_secretsmanager_secret_version').secret_string).toMatch(/"generation" = 2, "values" = \[aws_kms_ciphertext\.v_value-0_.*, aws_kms_ciphertext\.v_value-1_/);
  });

  test.each([[0], [-1], [1.5]])('GIVEN generation %s THEN a ValidationError', (generation) => {
    expect(() => new OriginVerifySecret(new TerraformStack(testApp(), 'test'), 'v', { name: 'prod', generation })).toThrow(/generation/);
  });
});
