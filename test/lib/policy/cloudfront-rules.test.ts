import { checkResources, FAIL, NOT_APPLICABLE, outcomeOf, PASS, Resources, UNKNOWN } from '../../support/policy';

/**
 * The CloudFront rules on exact Terraform JSON: each failing case with its exact finding, every
 * way a rule recognises what it looks for (S3 origins, log delivery, ALBs behind an origin, the
 * sources a security group admits), and what it must not mistake for them.
 */

const ACM = { acm_certificate_arn: '${aws_acm_certificate.c.arn}', ssl_support_method: 'sni-only' };
const distribution = (config: Record<string, unknown>): Resources => ({ aws_cloudfront_distribution: { d: config } });

describe('CKV_AWS_68 and CKV_AWS_174: a web ACL and TLS 1.2 for viewers', () => {
  test('GIVEN no web_acl_id THEN the finding says so', () => {
    expect(outcomeOf('CKV_AWS_68', distribution({}))).toEqual(FAIL('web_acl_id is not set: no web ACL inspects viewer requests'));
    expect(outcomeOf('CKV_AWS_68', distribution({ web_acl_id: '${aws_wafv2_web_acl.a.arn}' }))).toEqual(PASS);
  });

  test.each<[string, Record<string, unknown> | undefined, unknown]>([
    ['an ACM certificate at TLSv1.2_2021', { ...ACM, minimum_protocol_version: 'TLSv1.2_2021' }, PASS],
    ['no viewer_certificate block', undefined, FAIL('no viewer_certificate block')],
    ['the version as an expression', { ...ACM, minimum_protocol_version: '${var.tls}' }, UNKNOWN('minimum_protocol_version is an expression')],
    ['the default certificate (boolean)', { cloudfront_default_certificate: true, minimum_protocol_version: 'TLSv1.2_2021' }, FAIL('uses the CloudFront default certificate, which allows TLSv1')],
    ['the default certificate (string)', { cloudfront_default_certificate: 'true', minimum_protocol_version: 'TLSv1.2_2021' }, FAIL('uses the CloudFront default certificate, which allows TLSv1')],
    ['no version', { ...ACM }, FAIL('minimum_protocol_version is not set (TLSv1)')],
    ['an older TLS 1.2 policy', { ...ACM, minimum_protocol_version: 'TLSv1.2_2019' }, FAIL('minimum_protocol_version is TLSv1.2_2019')],
  ])('CKV_AWS_174 GIVEN %s THEN the outcome names it', (_, cert, expected) => {
    expect(outcomeOf('CKV_AWS_174', distribution(cert === undefined ? {} : { viewer_certificate: cert }))).toEqual(expected);
  });
});

describe('CKV_AWS_86: access logs, classic or through a log delivery source', () => {
  const NO_LOGS = FAIL('neither logging_config nor a log delivery source (ACCESS_LOGS) for the distribution');
  const source = (resourceArn: string, logType: string) => ({ aws_cloudwatch_log_delivery_source: { s: { name: 'cdn', resource_arn: resourceArn, log_type: logType } } });

  test.each<[string, Resources, unknown]>([
    ['logging_config with a bucket', distribution({ logging_config: { bucket: 'logs.s3.amazonaws.com' } }), PASS],
    ['an ACCESS_LOGS delivery source of the distribution', { ...distribution({}), ...source('${aws_cloudfront_distribution.d.arn}', 'ACCESS_LOGS') }, PASS],
    ['nothing', distribution({}), NO_LOGS],
    ['a delivery source of the distribution for another log type', { ...distribution({}), ...source('${aws_cloudfront_distribution.d.arn}', 'CONNECTION_LOGS') }, NO_LOGS],
    ['an ACCESS_LOGS delivery source of something else', { ...distribution({}), ...source('arn:aws:cloudfront::123456789012:distribution/EOTHER', 'ACCESS_LOGS') }, NO_LOGS],
  ])('GIVEN %s THEN the outcome is as expected', (_, resources, expected) => {
    expect(outcomeOf('CKV_AWS_86', resources)).toEqual(expected);
  });

  test('GIVEN two distributions and a delivery source for one THEN only that one passes', () => {
    const resources: Resources = { aws_cloudfront_distribution: { a: {}, b: {} }, ...source('${aws_cloudfront_distribution.b.arn}', 'ACCESS_LOGS') };
    expect(checkResources('CKV_AWS_86', resources).map((c) => [c.address, c.outcome.status])).toEqual([
      ['aws_cloudfront_distribution.a', 'fail'],
      ['aws_cloudfront_distribution.b', 'pass'],
    ]);
  });
});

describe('CKV_AWS_34 and CKV2_AWS_32: every cache behavior, default and ordered', () => {
  const behavior = (policy: string, headers?: string) => ({ viewer_protocol_policy: policy, ...(headers ? { response_headers_policy_id: headers } : {}) });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['all redirect to HTTPS', { default_cache_behavior: behavior('redirect-to-https'), ordered_cache_behavior: [behavior('https-only')] }, PASS],
    ['the default allows HTTP', { default_cache_behavior: behavior('allow-all'), ordered_cache_behavior: [behavior('https-only')] }, FAIL('1 cache behavior(s) allow plain HTTP (viewer_protocol_policy "allow-all")')],
    ['the default and an ordered one allow HTTP', { default_cache_behavior: behavior('allow-all'), ordered_cache_behavior: [behavior('redirect-to-https'), behavior('allow-all')] }, FAIL('2 cache behavior(s) allow plain HTTP (viewer_protocol_policy "allow-all")')],
  ])('CKV_AWS_34 GIVEN %s THEN the outcome counts them', (_, config, expected) => {
    expect(outcomeOf('CKV_AWS_34', distribution(config))).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['a policy on each', { default_cache_behavior: behavior('https-only', 'p'), ordered_cache_behavior: [behavior('https-only', 'p')] }, PASS],
    ['two ordered ones without', { default_cache_behavior: behavior('https-only', 'p'), ordered_cache_behavior: [behavior('https-only'), behavior('https-only')] }, FAIL('2 cache behavior(s) have no response_headers_policy_id')],
    ['only the default without', { default_cache_behavior: behavior('https-only'), ordered_cache_behavior: [behavior('https-only', 'p')] }, FAIL('1 cache behavior(s) have no response_headers_policy_id')],
  ])('CKV2_AWS_32 GIVEN %s THEN the outcome counts them', (_, config, expected) => {
    expect(outcomeOf('CKV2_AWS_32', distribution(config))).toEqual(expected);
  });
});

describe('CKV2_AWS_46: S3 origins read through an Origin Access Control', () => {
  const custom = { origin_id: 'api', domain_name: 'origin.example.com', custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] } };
  const s3 = (id: string, domain: string, oac = false) => ({ origin_id: id, domain_name: domain, ...(oac ? { origin_access_control_id: '${aws_cloudfront_origin_access_control.o.id}' } : {}) });

  test.each<[string, unknown[], unknown]>([
    ['a regional REST endpoint', [s3('a', 'assets.s3.us-east-1.amazonaws.com')], FAIL('S3 origin(s) a are read without an Origin Access Control')],
    ['a dashed regional endpoint', [s3('a', 'assets.s3-us-west-2.amazonaws.com')], FAIL('S3 origin(s) a are read without an Origin Access Control')],
    ['the global endpoint (no region)', [s3('a', 'assets.s3.amazonaws.com')], FAIL('S3 origin(s) a are read without an Origin Access Control')],
    ['a bucket regional domain name reference', [s3('a', '${aws_s3_bucket.b.bucket_regional_domain_name}')], FAIL('S3 origin(s) a are read without an Origin Access Control')],
    ['a bucket domain name reference', [s3('a', '${aws_s3_bucket.b.bucket_domain_name}')], FAIL('S3 origin(s) a are read without an Origin Access Control')],
    ['two open and one through OAC', [s3('a', 'a.s3.amazonaws.com'), s3('b', 'b.s3.amazonaws.com', true), s3('c', 'c.s3.amazonaws.com')], FAIL('S3 origin(s) a, c are read without an Origin Access Control')],
    ['an S3 origin through OAC beside a custom origin', [s3('a', 'a.s3.amazonaws.com', true), custom], PASS],
  ])('GIVEN %s THEN the outcome names the origins read without OAC', (_, origins, expected) => {
    expect(outcomeOf('CKV2_AWS_46', distribution({ origin: origins }))).toEqual(expected);
  });

  test.each<[string, unknown[]]>([
    ['a custom origin only', [custom]],
    ['a name that only contains an S3 endpoint', [s3('a', 'a.s3.us-east-1.amazonaws.com.example.net')]],
    ['an origin without a domain name', [{ origin_id: 'a' }]],
  ])('GIVEN %s THEN it is not applicable', (_, origins) => {
    expect(outcomeOf('CKV2_AWS_46', distribution({ origin: origins }))).toEqual(NOT_APPLICABLE('no S3 origin'));
  });
});

describe('MRPS_CDN_1: the ALBs behind a custom origin, and what their security groups admit', () => {
  const CUSTOM = { http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] };
  const HEADER = [{ name: 'X-Origin-Verify', value: '${aws_kms_ciphertext.v.ciphertext_blob}' }];
  const origin = (domain: string, extra: Record<string, unknown> = {}) => ({ origin_id: 'api', domain_name: domain, custom_origin_config: CUSTOM, custom_header: HEADER, ...extra });
  const ALB = { load_balancer_type: 'application', internal: false, security_groups: ['${aws_security_group.alb.id}'] };
  const PREFIX_LIST = { security_group_id: '${aws_security_group.alb.id}', prefix_list_id: 'pl-3b927c52', ip_protocol: 'tcp', from_port: 443, to_port: 443 };
  const record = (name: string, target: string) => ({ name, type: 'A', alias: { name: target, zone_id: 'Z1', evaluate_target_health: true } });
  /** A distribution whose origin is `domain`, one ALB `alb` (as `lbType`), its group `alb`, and the given ingress rules. */
  function resources(domain: string, opts: { lbType?: string; alb?: Record<string, unknown>; rules?: Record<string, Record<string, unknown>>; records?: Record<string, Record<string, unknown>>; extra?: Resources; origins?: unknown[] } = {}): Resources {
    return {
      aws_cloudfront_distribution: { d: { origin: opts.origins ?? [origin(domain)], web_acl_id: '${aws_wafv2_web_acl.a.arn}' } },
      [opts.lbType ?? 'aws_lb']: { alb: opts.alb ?? ALB },
      aws_security_group: { alb: { name: 'alb' } },
      aws_vpc_security_group_ingress_rule: opts.rules ?? { cf: PREFIX_LIST },
      aws_route53_record: opts.records ?? { origin: record('origin.example.com', `\${${opts.lbType ?? 'aws_lb'}.alb.dns_name}`) },
      ...opts.extra,
    };
  }
  const OPEN = { security_group_id: '${aws_security_group.alb.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 };
  const openFinding = (lb = 'alb') => FAIL(`${lb} is reachable around the CDN: alb admits 0.0.0.0/0`);

  describe('which load balancers are behind the origin', () => {
    test.each<[string, Resources, unknown]>([
      ['an aws_alb referenced directly', resources('${aws_alb.alb.dns_name}', { lbType: 'aws_alb', rules: { open: OPEN }, records: {} }), openFinding()],
      ['an aws_alb behind an alias record', resources('origin.example.com', { lbType: 'aws_alb', rules: { open: OPEN } }), openFinding()],
      ['an origin domain with a trailing dot', resources('origin.example.com.', { rules: { open: OPEN } }), openFinding()],
      ['a record name with a trailing dot', resources('origin.example.com', { rules: { open: OPEN }, records: { origin: record('origin.example.com.', '${aws_lb.alb.dns_name}') } }), openFinding()],
    ])('GIVEN %s THEN the open ALB is found', (_, given, expected) => {
      expect(outcomeOf('MRPS_CDN_1', given)).toEqual(expected);
    });

    test.each<[string, Resources]>([
      ['a VPC origin (no custom_origin_config) on the ALB', resources('', { rules: { open: OPEN }, records: {}, origins: [{ origin_id: 'vpc', domain_name: '${aws_lb.alb.dns_name}', vpc_origin_config: { vpc_origin_id: 'vo-1' } }] })],
      ['a custom origin on a bucket website', resources('${aws_s3_bucket.site.website_endpoint}', { rules: { open: OPEN }, records: {}, extra: { aws_s3_bucket: { site: { bucket: 'site' } } } })],
      ['an alias record to a name outside the stack', resources('origin.example.com', { rules: { open: OPEN }, records: { origin: record('origin.example.com', 'dualstack.elb.example.net') } })],
      ['an alias record to a bucket', resources('origin.example.com', { rules: { open: OPEN }, records: { origin: record('origin.example.com', '${aws_s3_bucket.site.website_domain}') }, extra: { aws_s3_bucket: { site: { bucket: 'site' } } } })],
    ])('GIVEN %s THEN no load balancer is behind it', (_, given) => {
      expect(outcomeOf('MRPS_CDN_1', given)).toEqual(NOT_APPLICABLE('no load balancer origin'));
    });

    test('GIVEN a record of another name over an open ALB, and a record without a name THEN only the origin\'s record counts', () => {
      const given = resources('origin.example.com', {
        records: { origin: record('origin.example.com', '${aws_lb.alb.dns_name}'), other: record('other.example.com', '${aws_lb.open.dns_name}'), nameless: { type: 'A', alias: { name: '${aws_lb.open.dns_name}', zone_id: 'Z1', evaluate_target_health: true } } },
        extra: { aws_security_group: { alb: { name: 'alb' }, open: { name: 'open', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] } } },
      });
      given.aws_lb.open = { ...ALB, security_groups: ['${aws_security_group.open.id}'] };
      expect(outcomeOf('MRPS_CDN_1', given)).toEqual(PASS);
    });
  });

  describe('what the ALB\'s security groups admit', () => {
    test.each<[string, Record<string, Record<string, unknown>>, unknown]>([
      ['the prefix list with an empty CIDR beside it', { cf: { ...PREFIX_LIST, cidr_ipv4: '' } }, PASS],
      ['a rule with an empty prefix list id and nothing else', { x: { ...PREFIX_LIST, prefix_list_id: '' } }, FAIL('alb is reachable around the CDN: alb admits anywhere')],
      ['a rule with no source at all', { x: { security_group_id: '${aws_security_group.alb.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443 } }, FAIL('alb is reachable around the CDN: alb admits anywhere')],
      ['a prefix list and a CIDR in one rule', { x: { ...PREFIX_LIST, cidr_ipv4: '0.0.0.0/0' } }, openFinding()],
      ['two open rules', { v4: OPEN, v6: { ...OPEN, cidr_ipv4: undefined, cidr_ipv6: '::/0' } }, FAIL('alb is reachable around the CDN: alb admits 0.0.0.0/0; alb admits ::/0')],
    ])('GIVEN %s THEN the outcome lists what it admits', (_, rules, expected) => {
      expect(outcomeOf('MRPS_CDN_1', resources('origin.example.com', { rules }))).toEqual(expected);
    });

    test('GIVEN an inline rule with two CIDRs THEN the finding lists both', () => {
      const inline = [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'] }];
      const given = resources('origin.example.com', { extra: { aws_security_group: { alb: { name: 'alb', ingress: inline } } } });
      expect(outcomeOf('MRPS_CDN_1', given)).toEqual(FAIL('alb is reachable around the CDN: alb admits 10.0.0.0/8, 0.0.0.0/0'));
    });

    test.each<[string, Record<string, unknown>, unknown]>([
      ['an ingress rule open to the internet', { type: 'ingress', security_group_id: '${aws_security_group.alb.id}', cidr_blocks: ['0.0.0.0/0'], protocol: 'tcp', from_port: 443, to_port: 443 }, openFinding()],
      ['an egress rule', { type: 'egress', security_group_id: '${aws_security_group.alb.id}', cidr_blocks: ['0.0.0.0/0'], protocol: '-1', from_port: 0, to_port: 0 }, PASS],
    ])('GIVEN a legacy aws_security_group_rule, %s THEN the outcome is as expected', (_, rule, expected) => {
      expect(outcomeOf('MRPS_CDN_1', resources('origin.example.com', { extra: { aws_security_group_rule: { r: rule } } }))).toEqual(expected);
    });

    test.each<[string, Record<string, unknown>, unknown]>([
      ['no security groups', { ...ALB, security_groups: [] }, FAIL('alb is internet-facing and its security groups are not in the stack: nothing shows it admits only CloudFront')],
      ['only a group outside the stack', { ...ALB, security_groups: ['sg-0external'] }, FAIL('alb is internet-facing and its security groups are not in the stack: nothing shows it admits only CloudFront')],
      [
        'a closed group and one outside the stack',
        { ...ALB, security_groups: ['${aws_security_group.alb.id}', 'sg-0external'] },
        FAIL('alb also has security groups that are not in the stack (sg-0external): nothing shows they admit only CloudFront'),
      ],
      [
        'a closed group and two outside the stack',
        { ...ALB, security_groups: ['sg-0a', '${aws_security_group.alb.id}', 'sg-0b'] },
        FAIL('alb also has security groups that are not in the stack (sg-0a, sg-0b): nothing shows they admit only CloudFront'),
      ],
    ])('GIVEN an ALB with %s THEN nothing shows it is closed', (_, alb, expected) => {
      expect(outcomeOf('MRPS_CDN_1', resources('origin.example.com', { alb }))).toEqual(expected);
    });
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['a custom origin', origin('${aws_lb.alb.dns_name}'), PASS],
    ['a VPC origin (not a custom origin)', { origin_id: 'vpc', domain_name: '${aws_lb.alb.dns_name}', vpc_origin_config: { vpc_origin_id: 'vo-1' }, custom_header: HEADER }, FAIL('no aws_wafv2_web_acl_association references this ALB')],
  ])('GIVEN a public ALB closed to all but CloudFront, reached through %s of a distribution with a web ACL THEN CKV2_AWS_28 is as expected', (_, given, expected) => {
    expect(outcomeOf('CKV2_AWS_28', resources('', { origins: [given], records: {} }))).toEqual(expected);
  });

  test('GIVEN two origins over two open ALBs THEN the finding names both', () => {
    const given = resources('', {
      origins: [origin('${aws_lb.alb.dns_name}'), origin('${aws_lb.second.dns_name}', { origin_id: 'second' })],
      rules: { open: OPEN },
      records: {},
    });
    given.aws_lb.second = { ...ALB, security_groups: [] };
    expect(outcomeOf('MRPS_CDN_1', given)).toEqual(
      FAIL('alb is reachable around the CDN: alb admits 0.0.0.0/0; second is internet-facing and its security groups are not in the stack: nothing shows it admits only CloudFront'),
    );
  });
});
