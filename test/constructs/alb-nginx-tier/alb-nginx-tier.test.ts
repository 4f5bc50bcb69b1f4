import { AlbNginxTier, AlbNginxTierProps, DesyncMitigationMode } from '../../../constructs/alb-nginx-tier';
import { TerraformStack, } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections } from '../../../constructs/connections';
import { Network } from '../../../constructs/network';
import { ServiceIngress } from '../../../constructs/service-ingress';
import { RateLimitKey } from '../../../lib/rate-limits';
import { allOf, countOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';
import { Protection } from '../../../lib/protection';
import { testApp } from '../../support/temp';
import { gunzipSync } from 'zlib';

const NETWORK = Network.fromAttributes({
  vpcId: 'vpc-123',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-pub-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${192 + i * 4}.0/22` })),
  appSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-app-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${i * 64}.0/18` })),
  dataSubnets: [],
});

const PROD: AlbNginxTierProps = {
  name: 'prod',
  network: NETWORK,
  protection: Protection.PRODUCTION,
  albCount: 4,
  lcuReservationPerAlb: 11_520,
  tls: { hostedZone: { zoneId: 'Z0123456789ABC', zoneName: 'prod.example.com' } },
  upstreams: [
    { name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] },
    { name: 'transaction-service', pathPrefix: '/api/transactions', port: 8082, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] },
  ],
  fleet: { instanceType: 'c7g.2xlarge', minSize: 21, desiredCapacity: 21, maxSize: 33, requestsPerInstancePerMinute: 4_896_000, workerConnections: 4096, globalRequestsPerSecond: 136_000 },
};

function synth(props: Partial<AlbNginxTierProps> = {}) {
  let tier: AlbNginxTier | undefined;
  const stack = synthConstructs((scope) => {
    tier = new AlbNginxTier(scope, 'edge', { ...PROD, ...props });
  });
  return { stack, tier: tier! };
}

describe('AlbNginxTier', () => {
  describe('GIVEN production with four ALBs', () => {
    const { stack, tier } = synth();
    const albs = allOf(stack, 'aws_lb');

    test('THEN there are four internet-facing ALBs in the public subnets, each reserving its LCUs', () => {
      expect(albs).toHaveLength(4);
      for (const alb of albs) {
        expect(alb).toMatchObject({
          internal: false,
          load_balancer_type: 'application',
          subnets: ['subnet-pub-a', 'subnet-pub-b', 'subnet-pub-c'],
          minimum_load_balancer_capacity: { capacity_units: 11_520 },
          drop_invalid_header_fields: true,
          desync_mitigation_mode: 'strictest',
          enable_deletion_protection: true,
          idle_timeout: 60,
        });
        expect((alb.access_logs as Record<string, unknown>).enabled).toBe(true);
      }
      expect(albs.map((a) => a.name)).toEqual(['prod-edge-0', 'prod-edge-1', 'prod-edge-2', 'prod-edge-3']);
    });

    test('THEN HTTPS uses a DNS-validated certificate and a TLS 1.3 policy, and HTTP only redirects', () => {
      const listeners = allOf(stack, 'aws_lb_listener');
      const https = listeners.filter((l) => l.protocol === 'HTTPS');
      const http = listeners.filter((l) => l.protocol === 'HTTP');
      expect(https).toHaveLength(4);
      expect(http).toHaveLength(4);
      https.forEach((l) => {
        expect(l.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
        expect(String(l.certificate_arn)).toContain('aws_acm_certificate_validation');
      });
      http.forEach((l) => expect((l.default_action as Record<string, any>[])[0]).toMatchObject({ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }));
      expect(onlyOf(stack, 'aws_acm_certificate')).toMatchObject({ domain_name: 'prod.example.com', validation_method: 'DNS' });
      expect(String(onlyOf(stack, 'aws_acm_certificate_validation').validation_record_fqdns)).toContain('aws_route53_record');
    });

    test('THEN one weighted alias record per ALB spreads clients, with target health', () => {
      const aliases = allOf(stack, 'aws_route53_record').filter((r) => r.alias);
      expect(aliases).toHaveLength(4);
      aliases.forEach((r) => {
        expect(r).toMatchObject({ zone_id: 'Z0123456789ABC', name: 'prod.example.com', type: 'A', weighted_routing_policy: { weight: 1 } });
        expect((r.alias as Record<string, unknown>).evaluate_target_health).toBe(true);
      });
      expect(new Set(aliases.map((r) => r.set_identifier)).size).toBe(4);
    });

    test('THEN each ALB has its own target group checking nginx health, with slow start and a drain delay', () => {
      const groups = allOf(stack, 'aws_lb_target_group');
      expect(groups).toHaveLength(4);
      groups.forEach((g) => {
        expect(g).toMatchObject({ port: 8080, protocol: 'HTTP', target_type: 'instance', deregistration_delay: '30', slow_start: 60 });
        expect(g.health_check).toMatchObject({ path: '/nginx-health', matcher: '200' });
      });
      expect(tier.nginxConfig.gracefulShutdownSeconds).toBe(30);
      expect(tier.nginxConf).toContain('worker_shutdown_timeout 30s;');
    });

    test("THEN nginx keeps connections open longer than the ALB's idle timeout", () => {
      expect(tier.nginxConfig.keepaliveTimeoutSeconds).toBeGreaterThan(60);
    });

    test('THEN one WAF web ACL with the rate tiers and managed groups protects every ALB', () => {
      const acl = onlyOf(stack, 'aws_wafv2_web_acl');
      expect(acl.scope).toBe('REGIONAL');
      const rules = acl.rule as Record<string, any>[];
      const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
      expect(byName['rate-per-ip'].statement.rate_based_statement).toMatchObject({ limit: 1000, evaluation_window_sec: 60, aggregate_key_type: 'IP' });
      expect(byName['rate-per-user'].statement.rate_based_statement).toMatchObject({ limit: 2000, aggregate_key_type: 'CUSTOM_KEYS' });
      expect(byName['rate-per-user'].statement.rate_based_statement.custom_key[0].header.name).toBe('authorization');
      expect(byName['rate-trading'].statement.rate_based_statement).toMatchObject({ limit: 600, scope_down_statement: { byte_match_statement: { search_string: '/api/transactions', positional_constraint: 'STARTS_WITH' } } });
      expect(byName['rate-per-ip'].action.block.custom_response.response_code).toBe(429);
      for (const group of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']) {
        expect(byName[group].statement.managed_rule_group_statement).toEqual({ vendor_name: 'AWS', name: group });
      }
      expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
      expect(countOf(stack, 'aws_wafv2_web_acl_association')).toBe(4);
    });

    test('THEN access logs go to a private, versioned, SSE-S3, TLS-only bucket the ELB service may write', () => {
      expect(onlyOf(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      const bucketId = `\${aws_s3_bucket.${Object.keys(stack.resource!.aws_s3_bucket)[0]}.id}`;
      expect(onlyOf(stack, 'aws_s3_bucket_public_access_block')).toEqual({ bucket: bucketId, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(onlyOf(stack, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      expect((onlyOf(stack, 'aws_s3_bucket_lifecycle_configuration').rule as Record<string, any>[])[0].expiration).toEqual([{ days: 365 }]);
      expect((onlyOf(stack, 'aws_s3_bucket').lifecycle as Record<string, unknown>).prevent_destroy).toBe(true);
      const policy = String(onlyOf(stack, 'aws_s3_bucket_policy').policy);
      expect(policy).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
      expect(policy).toContain('127311923021');
      expect(policy).toContain('aws:SecureTransport');
    });

    test('THEN the nginx fleet is sized as given and tracks requests per target, split over the ALBs', () => {
      const group = onlyOf(stack, 'aws_autoscaling_group');
      expect(group).toMatchObject({ name: 'prod-nginx', min_size: 21, desired_capacity: 21, max_size: 33, vpc_zone_identifier: ['subnet-app-a', 'subnet-app-b', 'subnet-app-c'] });
      expect(group.target_group_arns).toHaveLength(4);
      expect(onlyOf(stack, 'aws_launch_template').instance_type).toBe('c7g.2xlarge');
      const requestPolicies = allOf(stack, 'aws_autoscaling_policy').filter((p) => JSON.stringify(p).includes('ALBRequestCountPerTarget'));
      expect(requestPolicies).toHaveLength(4);
      requestPolicies.forEach((p) => expect((p.target_tracking_configuration as Record<string, unknown>).target_value).toBe(4_896_000 / 4));
    });

    test('THEN nginx only takes traffic from the ALBs; stub_status admits no network source (loopback only)', () => {
      const groupId = (name: string) => `\${aws_security_group.${Object.keys(stack.resource!.aws_security_group).find((k) => k.includes(name))}.id}`;
      const toNginx = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === groupId('nginx-sg'));
      const sources = toNginx.map((r) => ({ ports: [r.from_port, r.to_port], protocol: r.ip_protocol, cidr: r.cidr_ipv4, group: r.referenced_security_group_id }));
      expect(sources).toEqual([{ ports: [8080, 8080], protocol: 'tcp', cidr: undefined, group: groupId('alb-sg') }]);
      expect(tier.nginxConfig.statusPort).toBe(8081);
      // No rule of any group admits the status port from a CIDR (it was the whole VPC before).
      expect(allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 8081 || r.to_port === 8081)).toEqual([]);
    });

    test('THEN the instances may complete their own drain lifecycle action', () => {
      const statement = policyOf(onlyOf(stack, 'aws_iam_role_policy').policy).Statement[0];
      expect(statement.Action).toBe('autoscaling:CompleteLifecycleAction');
    });
  });

  test('GIVEN a dev tier without TLS THEN HTTP forwards and protection is relaxed', () => {
    const { stack } = synth({ protection: Protection.NON_PRODUCTION, tls: undefined, albCount: 1, lcuReservationPerAlb: undefined });
    const alb = onlyOf(stack, 'aws_lb');
    expect(alb).toMatchObject({ enable_deletion_protection: false, desync_mitigation_mode: 'defensive' });
    expect(alb.minimum_load_balancer_capacity).toBeUndefined();
    expect((onlyOf(stack, 'aws_lb_listener').default_action as Record<string, unknown>[])[0].type).toBe('forward');
    expect(countOf(stack, 'aws_route53_record')).toBe(0);
  });

  describe('stub_status scrapers', () => {
    test('GIVEN a scraper THEN exactly its group is admitted on the status port, and it may leave for it', () => {
      const stack = synthConstructs((scope) => {
        const scraper = Connections.fromSecurityGroupId(scope, 'prometheus', 'sg-0123456789abcdef0', { allowAllOutbound: false });
        new AlbNginxTier(scope, 'edge', { ...PROD, statusScrapers: [scraper] });
      });
      const status = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 8081);
      expect(status.map((r) => ({ ports: [r.from_port, r.to_port], protocol: r.ip_protocol, cidr: r.cidr_ipv4, group: r.referenced_security_group_id }))).toEqual([
        { ports: [8081, 8081], protocol: 'tcp', cidr: undefined, group: 'sg-0123456789abcdef0' },
      ]);
      const out = allOf(stack, 'aws_vpc_security_group_egress_rule').filter((r) => r.from_port === 8081);
      expect(out.map((r) => r.security_group_id)).toEqual(['sg-0123456789abcdef0']);
    });

    test.each([
      ['a security group id string', ['sg-0123456789abcdef0'], 'statusScrapers[0]'],
      ['an object without connections', [{ securityGroupId: 'sg-1' }], 'statusScrapers[0]'],
      ['not a list', 'sg-0123456789abcdef0', 'statusScrapers'],
    ])('GIVEN %s as statusScrapers THEN synth fails naming the prop', (_, value, prop) => {
      expect(() => synth({ statusScrapers: value as never })).toThrow(new RegExp(`${prop.replace(/[[\]]/g, '\\$&')}.*(not connectable|not a list)`));
    });
  });

  describe('protection', () => {
    test('GIVEN no protection THEN production is the default: deletion protection, strictest desync, a retained bucket with a year of logs', () => {
      const { stack } = synth({ protection: undefined, albCount: 1 });
      expect(onlyOf(stack, 'aws_lb')).toMatchObject({ enable_deletion_protection: true, desync_mitigation_mode: 'strictest' });
      expect(onlyOf(stack, 'aws_s3_bucket')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
      const rule = (onlyOf(stack, 'aws_s3_bucket_lifecycle_configuration').rule as Record<string, unknown>[])[0];
      expect(rule.expiration).toEqual([{ days: 365 }]);
    });

    test('GIVEN Protection.NON_PRODUCTION THEN a month of access logs and a bucket Terraform may empty', () => {
      const { stack } = synth({ protection: Protection.NON_PRODUCTION, albCount: 1, wafBlockedRequestLogs: true });
      expect(onlyOf(stack, 'aws_s3_bucket')).toMatchObject({ force_destroy: true });
      expect(onlyOf(stack, 'aws_s3_bucket').lifecycle).toBeUndefined();
      expect((onlyOf(stack, 'aws_s3_bucket_lifecycle_configuration').rule as Record<string, unknown>[])[0].expiration).toEqual([{ days: 30 }]);
      expect(onlyOf(stack, 'aws_cloudwatch_log_group')).toMatchObject({ name: 'aws-waf-logs-prod-edge', retention_in_days: 30 });
    });

    test('GIVEN WAF logs on THEN they keep the protection\'s log retention, unless told otherwise', () => {
      expect(onlyOf(synth({ wafBlockedRequestLogs: true }).stack, 'aws_cloudwatch_log_group')).toMatchObject({ retention_in_days: 365, lifecycle: { prevent_destroy: true } });
      expect(onlyOf(synth({ wafBlockedRequestLogs: true, wafBlockedRequestLogRetentionDays: 731 }).stack, 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
      expect(countOf(synth({}).stack, 'aws_cloudwatch_log_group')).toBe(0);
      expect(() => synth({ wafBlockedRequestLogs: false, wafBlockedRequestLogRetentionDays: 30 })).toThrow(/wafBlockedRequestLogRetentionDays = 30 is set while wafBlockedRequestLogs is false\. Fix: drop one of the two/);
    });

    test('GIVEN the old production flag (JavaScript) THEN synth fails with the migration', () => {
      expect(() => synth({ protection: undefined, production: true } as Partial<AlbNginxTierProps>)).toThrow(/production = true is no longer a prop.*Fix: pass protection: Protection\.forEnvironment\(true\)/);
    });
  });

  test('GIVEN WAF log retention THEN only blocked requests are logged, encrypted, with the Authorization header redacted', () => {
    const { stack } = synth({ wafBlockedRequestLogRetentionDays: 365 });
    const logging = onlyOf(stack, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.logging_filter).toEqual({ default_behavior: 'DROP', filter: [{ behavior: 'KEEP', requirement: 'MEETS_ANY', condition: [{ action_condition: { action: 'BLOCK' } }] }] });
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }]);
    const group = onlyOf(stack, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: 'aws-waf-logs-prod-edge', retention_in_days: 365 });
    expect(String(group.kms_key_id)).toContain('aws_kms_key');
  });

  test('GIVEN a WAF log retention CloudWatch does not offer THEN it fails', () => {
    expect(() => synth({ wafBlockedRequestLogRetentionDays: 100 })).toThrow(/wafBlockedRequestLogRetentionDays = 100 is not supported/);
  });

  test('GIVEN the default tiers and no /api/transactions upstream THEN the trading tier is left out', () => {
    const { tier } = synth({ upstreams: [PROD.upstreams![0]] });
    expect(tier.nginxConfig.rateLimits.map((t) => t.name)).toEqual(['per-ip', 'per-user']);
  });

  test('GIVEN an explicit desync mode THEN it wins', () => {
    expect(onlyOf(synth({ albCount: 1, desyncMitigationMode: DesyncMitigationMode.DEFENSIVE }).stack, 'aws_lb').desync_mitigation_mode).toBe('defensive');
  });

  describe('GIVEN bad input THEN synth fails with a clear message', () => {
    test('a production HTTPS listener without a certificate', () => {
      expect(() => synth({ tls: undefined })).toThrow('AlbNginxTier (test/edge): tls = undefined is missing in production (Protection.PRODUCTION): the HTTPS listener has no certificate. Fix: pass tls: { hostedZone } (a certificate is issued and DNS-validated) or tls: { hostedZone, certificateArn }, or pass protection: Protection.NON_PRODUCTION');
    });
    test('a rate limit that does not parse', () => {
      expect(() => synth({ rateLimits: [{ name: 'per-ip', rate: 'lots', key: RateLimitKey.CLIENT_IP }] })).toThrow('AlbNginxTier (test/edge): nginx.rateLimits[0].rate = "lots" does not parse as a rate');
    });
    test('a rate WAF cannot express', () => {
      expect(() => synth({ rateLimits: [{ name: 'tiny', rate: '5r/m', key: RateLimitKey.CLIENT_IP }] })).toThrow(/outside WAF's rate-based limit of 10 to 2000000000/);
    });
    test('a name that would push ALB and target group names over 32 characters', () => {
      expect(() => synth({ name: 'production-environment-x' })).toThrow(/is 24 characters long; a name prefix \(ALB and target group names "<name>-nginx-<i>" are limited to 32 characters\)/);
    });
    test('more instances than a target group holds', () => {
      expect(() => synth({ fleet: { ...PROD.fleet!, maxSize: 1_200 } })).toThrow(/fleet.maxSize = 1200 is out of range \(every nginx instance is a target of each ALB's target group, and a target group holds at most 1000 instances\)/);
    });
    test('an LCU reservation over 15,000', () => {
      expect(() => synth({ lcuReservationPerAlb: 20_000 })).toThrow(/lcuReservationPerAlb = 20000 is out of range \(an ALB reserves at most 15,000 LCUs\)/);
    });
    test('an ASG min above max', () => {
      expect(() => synth({ fleet: { ...PROD.fleet!, minSize: 40, desiredCapacity: 40 } })).toThrow(/minSize = 40 is greater than maxSize \(33\)/);
    });
    test('a domain outside the zone', () => {
      expect(() => synth({ tls: { hostedZone: PROD.tls!.hostedZone, domainName: 'api.other.com' } })).toThrow(/is not inside the hosted zone prod.example.com/);
    });
  });

  describe('GIVEN the internal NLB as its ingress', () => {
    const SERVICES = [
      { name: 'api-gateway', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/health/ready' },
      { name: 'transaction-service', pathPrefix: '/api/transactions', listenerPort: 8082, targetPort: 8080, healthCheckPath: '/health/ready' },
    ];
    const buildWithIngress = () => {
      let tier: AlbNginxTier | undefined;
      let ingress: ServiceIngress | undefined;
      const stack = synthConstructs((scope) => {
        ingress = new ServiceIngress(scope, 'ingress', { name: 'prod', network: NETWORK, services: SERVICES, targets: Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes') });
        tier = new AlbNginxTier(scope, 'edge', { ...PROD, upstreams: undefined, ingress });
      });
      return { stack, tier: tier!, ingress: ingress! };
    };
    const { stack, tier, ingress } = buildWithIngress();
    const isGroup = (name: string) => (value: unknown) => String(value).includes(`aws_security_group.${name}`);

    test('THEN the NLB admits the nginx group only, on exactly its listener ports, and no CIDR', () => {
      const toNlb = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => isGroup('ingress_sg')(r.security_group_id));
      expect(toNlb.map((r) => [r.from_port, r.to_port, r.ip_protocol])).toEqual([
        [8080, 8080, 'tcp'],
        [8082, 8082, 'tcp'],
      ]);
      expect(toNlb.every((r) => isGroup('edge_nginx-sg')(r.referenced_security_group_id) && r.cidr_ipv4 === undefined)).toBe(true);
    });

    test('THEN nginx may open connections to the NLB group on exactly the listener ports, and to no upstream port by CIDR', () => {
      const fromNginx = allOf(stack, 'aws_vpc_security_group_egress_rule').filter((r) => isGroup('edge_nginx-sg')(r.security_group_id));
      expect(fromNginx.filter((r) => r.referenced_security_group_id !== undefined).map((r) => [r.from_port, isGroup('ingress_sg')(r.referenced_security_group_id)])).toEqual([
        [8080, true],
        [8082, true],
      ]);
      // The only CIDR egress left is HTTPS to AWS APIs and package repositories.
      expect(fromNginx.filter((r) => r.cidr_ipv4 !== undefined).map((r) => [r.cidr_ipv4, r.from_port])).toEqual([['0.0.0.0/0', 443]]);
    });

    test('THEN nginx routes to the ingress endpoints, and the fleet joins the nginx group through its connections', () => {
      expect(tier.upstreams).toEqual(ingress.endpoints);
      expect(tier.nginxConfig.upstreams.map((u) => [u.name, u.port])).toEqual([
        ['api-gateway', 8080],
        ['transaction-service', 8082],
      ]);
      expect(tier.fleet.connections).toBe(tier.nginxConnections);
    });

    test.each([
      ['ingress and upstreams together', (_scope: Construct, ingressArg: ServiceIngress) => ({ ingress: ingressArg, upstreams: PROD.upstreams }), /upstreams = \["api-gateway","transaction-service"\] is given together with ingress, whose endpoints are the upstreams\. Fix: drop upstreams/],
      ['neither ingress nor upstreams', () => ({ upstreams: undefined }), /ingress = undefined is required \(or upstreams\)\. Fix: pass ingress: <the ServiceIngress>/],
      ['an ingress that is only its endpoints (JS)', (_s: Construct, ingressArg: ServiceIngress) => ({ upstreams: undefined, ingress: { endpoints: ingressArg.endpoints } as never }), /ingress = .* is not a service ingress \(endpoints and connections\)\. Fix: pass the ServiceIngress construct/],
    ] as [string, (scope: Construct, ingress: ServiceIngress) => Partial<AlbNginxTierProps>, RegExp][])('GIVEN %s THEN synth fails naming it and the fix', (_, change, message) => {
      expect(() =>
        synthConstructs((scope) => {
          const ingressArg = new ServiceIngress(scope, 'ingress', { name: 'prod', network: NETWORK, services: SERVICES, targets: Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes') });
          new AlbNginxTier(scope, 'edge', { ...PROD, ...change(scope, ingressArg) });
        }),
      ).toThrow(message);
    });

    test('GIVEN an ingress in another TerraformStack THEN synth fails naming both construct paths and the fix', () => {
      const app = testApp();
      const compute = new TerraformStack(app, 'compute');
      new AwsProvider(compute, 'aws', { region: 'us-east-1' });
      const other = new ServiceIngress(compute, 'ingress', { name: 'prod', network: NETWORK, services: SERVICES, targets: Connections.fromSecurityGroupId(compute, 'nodes', 'sg-nodes') });
      const edgeStack = new TerraformStack(app, 'edge');
      new AwsProvider(edgeStack, 'aws', { region: 'us-east-1' });
      expect(() => new AlbNginxTier(edgeStack, 'edge', { ...PROD, upstreams: undefined, ingress: other })).toThrow(
        /^ServiceIngress \(compute\/ingress\): connections = "AlbNginxTier \(edge\/edge\)" is in another TerraformStack \("edge"; this construct is in "compute"\).*Fix: create both constructs in one stack/,
      );
    });
  });

  describe('GIVEN azAffineUpstreams with an ingress whose NLB has cross-zone load balancing off', () => {
    const SERVICES = [
      { name: 'api-gateway', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/health/ready' },
      { name: 'transaction-service', pathPrefix: '/api/transactions', listenerPort: 8082, targetPort: 8080, healthCheckPath: '/health/ready' },
    ];
    const build = (ingressProps: { crossZoneLoadBalancing?: boolean } = { crossZoneLoadBalancing: false }, change: Partial<AlbNginxTierProps> = {}, network = NETWORK) => {
      let tier: AlbNginxTier | undefined;
      const stack = synthConstructs((scope) => {
        const ingress = new ServiceIngress(scope, 'ingress', { name: 'prod', network, services: SERVICES, targets: Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes'), ...ingressProps });
        tier = new AlbNginxTier(scope, 'edge', { ...PROD, network, upstreams: undefined, ingress, azAffineUpstreams: true, ...change });
      });
      return { stack, tier: tier! };
    };
    const { stack, tier } = build();
    const userData = () => {
      const lt = onlyOf(stack, 'aws_launch_template');
      const match = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(String(lt.user_data));
      return JSON.parse(`"${match![1]}"`) as string;
    };

    test('THEN nginx.conf includes the upstreams file and each AZ gets blocks with its own NLB address as the only primary', () => {
      expect(tier.nginxConf).toContain('include /etc/nginx/upstreams.conf;');
      expect(tier.nginxConf).not.toContain('upstream api_gateway');
      expect(Object.keys(tier.upstreamsByAz!)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
      tier.upstreamsByAz!['us-east-1c'].split('upstream ').slice(1).forEach((blockText) => {
        const servers = blockText.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('server '));
        expect(servers.map((l) => l.endsWith(' backup;'))).toEqual([true, true, false]);
        expect(servers[2]).toMatch(/^server 10\.30\.191\.240:\d+ max_fails=3 fail_timeout=30s;$/);
      });
    });

    test('THEN the user data ships each AZ\'s file gzip-compressed, byte for byte, and a boot script picks the AZ from IMDSv2 before nginx -t', () => {
      const text = userData();
      for (const [az, upstreams] of Object.entries(tier.upstreamsByAz!)) {
        const m = new RegExp(`- path: /etc/nginx/upstreams\\.by-az/${az}\\.conf\\n    permissions: '0644'\\n    encoding: gz\\+b64\\n    defer: true\\n    content: (\\S+)`).exec(text);
        expect(gunzipSync(Buffer.from(m![1], 'base64')).toString('utf8')).toBe(upstreams);
      }
      const script = /- path: \/usr\/local\/sbin\/nginx-select-upstreams\n {4}permissions: '0755'\n {4}encoding: b64\n {4}content: (\S+)/.exec(text);
      const body = Buffer.from(script![1], 'base64').toString('utf8');
      expect(body).toContain('X-aws-ec2-metadata-token-ttl-seconds');
      expect(body).toContain('meta-data/placement/availability-zone');
      expect(body).toContain('install -m 0644 "/etc/nginx/upstreams.by-az/$az.conf" /etc/nginx/upstreams.conf');
      expect(body).toContain('set -euo pipefail');
      expect(text.indexOf('  - /usr/local/sbin/nginx-select-upstreams')).toBeLessThan(text.indexOf('  - nginx -t'));
    });

    test('THEN without the lever no file, script or backup server is shipped', () => {
      const plain = synth();
      expect(plain.tier.upstreamsByAz).toBeUndefined();
      expect(plain.tier.nginxConf).not.toContain('backup');
      expect(plain.tier.nginxConf).not.toContain('include /etc/nginx/upstreams.conf');
    });

    test.each([
      ['an ingress with cross-zone load balancing on (the default)', () => build({}), /azAffineUpstreams = true is on while the ingress's NLB has cross-zone load balancing on: .*Fix: create the ServiceIngress with crossZoneLoadBalancing: false/],
      ['an ingress with cross-zone load balancing explicitly on', () => build({ crossZoneLoadBalancing: true }), /cross-zone load balancing on/],
      [
        'an ingress made elsewhere (cross-zone unknown)',
        () => synthConstructs((scope) => new AlbNginxTier(scope, 'edge', { ...PROD, upstreams: undefined, azAffineUpstreams: true, ingress: Object.assign(Connections.fromSecurityGroupId(scope, 'nlb', 'sg-nlb'), { endpoints: PROD.upstreams! }) as never })),
        /cross-zone load balancing not known to be off/,
      ],
      ['upstreams with one address for three AZs', () => synth({ azAffineUpstreams: true, upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240'] }] }), /upstreams\[0\]\.addresses = \["10\.30\.63\.240"\] has 1 address\(es\) for 3 AZs: AZ-affine upstreams need the load balancer's address in each AZ.*Fix: pass one address per AZ/],
      ['upstreams with four addresses for three AZs', () => synth({ azAffineUpstreams: true, upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240', '10.30.200.240'] }] }), /has 4 address\(es\) for 3 AZs/],
      ['a non-boolean flag (JavaScript)', () => synth({ azAffineUpstreams: 'yes' as never }), /azAffineUpstreams = "yes" is not a boolean/],
    ] as [string, () => unknown, RegExp][])('GIVEN %s THEN synth fails naming it and the fix', (_, run, message) => {
      expect(run).toThrow(message);
    });

    test('GIVEN a network with one AZ THEN synth fails: there is no backup AZ', () => {
      const one = Network.fromAttributes({
        vpcId: 'vpc-123',
        vpcCidr: '10.30.0.0/16',
        region: 'us-east-1',
        availabilityZones: ['us-east-1a'],
        publicSubnets: [{ id: 'subnet-pub-a', availabilityZone: 'us-east-1a', cidr: '10.30.192.0/22' }],
        appSubnets: [{ id: 'subnet-app-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' }],
        dataSubnets: [],
      });
      expect(() => synth({ network: one, azAffineUpstreams: true, upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240'] }] })).toThrow(/azAffineUpstreams = true is on with 1 AZ: there is no other AZ to serve as backup/);
    });
  });
});
